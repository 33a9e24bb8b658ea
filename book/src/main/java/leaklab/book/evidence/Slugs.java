package leaklab.book.evidence;

import java.util.Locale;

/**
 * Names of AsciiDoc attributes, made of what the evidence measures: lower case, words joined by
 * hyphens. {@code queuedTasks} is {@code queued-tasks}, the class {@code leaklab.timer.Session$CloseWhenIdle}
 * is {@code session-close-when-idle}, {@code [B} is {@code byte-array}, the thread name prefix
 * {@code idle-timeout-} is {@code idle-timeout}.
 */
final class Slugs {

    private Slugs() {}

    /** A camelCase or dotted name: {@code heapAfterGcBytes} is {@code heap-after-gc-bytes}. */
    static String of(String name) {
        String words = name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("[^A-Za-z0-9]+", "-");
        return trim(words.toLowerCase(Locale.ROOT));
    }

    /** A class as a histogram names it, by its simple name; arrays end in {@code -array}. */
    static String ofClass(String histogramName) {
        String name = histogramName;
        String suffix = "";
        while (name.startsWith("[")) {
            name = name.substring(1);
            suffix += "-array";
        }
        if (suffix.isEmpty()) {
            return of(simple(name));
        }
        String element = switch (name) {
            case "B" -> "byte";
            case "C" -> "char";
            case "I" -> "int";
            case "J" -> "long";
            case "Z" -> "boolean";
            case "S" -> "short";
            case "F" -> "float";
            case "D" -> "double";
            default -> simple(name.replaceFirst("^L", "").replaceFirst(";$", ""));
        };
        return of(element) + suffix;
    }

    /** A metric of a descriptor's expectations: {@code histogram.leaklab.timer.Session} is {@code histogram-session}. */
    static String ofMetric(String kindPrefix, String subject) {
        String kind = kindPrefix.isEmpty() ? "" : of(kindPrefix) + "-";
        String what = kindPrefix.startsWith("histogram") ? ofClass(subject) : of(subject);
        return kind + what;
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static String trim(String slug) {
        return slug.replaceAll("^-+|-+$", "");
    }
}
