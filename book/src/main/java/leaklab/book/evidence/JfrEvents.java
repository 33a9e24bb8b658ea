package leaklab.book.evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The events of a {@code jfr print} output, each as it printed it: a block from
 * {@code jdk.OldObjectSample {} to its closing brace, with its fields read where the chapter needs
 * them (the reference chain of an old object, the thread a start started).
 */
final class JfrEvents {

    private static final Pattern START = Pattern.compile("^(jdk\\.[A-Za-z]+) \\{$");

    /** One event, as printed. */
    record Event(String type, String text) {

        /** A field printed on one line: {@code thread = "idle-timeout-user-1" (javaThreadId = 31)}. */
        Optional<String> field(String name) {
            Matcher m = Pattern.compile("(?m)^  " + Pattern.quote(name) + " = (.*)$")
                    .matcher(text);
            return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
        }

        /** The quoted thread name of a field such as {@code thread}, without its id. */
        Optional<String> threadName(String field) {
            return field(field).map(value -> value.replaceFirst("^\"(.*)\" \\(javaThreadId = \\d+\\)$", "$1"));
        }

        /**
         * An old object's reference chain, as printed between {@code object = [} and its closing
         * bracket: the sampled object first, then each object that refers to it, toward the root.
         */
        List<String> chain() {
            List<String> chain = new ArrayList<>();
            boolean in = false;
            for (String line : text.split("\\R")) {
                if (line.matches("^  object = +\\[$")) {
                    in = true;
                } else if (in && line.equals("  ]")) {
                    break;
                } else if (in) {
                    chain.add(line.strip());
                }
            }
            return chain;
        }

        /** What the root of an old object's chain is: {@code "Thread Name: idle-timeout-user-593"}, or empty. */
        Optional<String> rootDescription() {
            Matcher m = Pattern.compile("(?m)^  root = \\{\\R    description = (.*)$")
                    .matcher(text);
            return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
        }

        /** A field of an old object's root, {@code system} or {@code type}, without its quotes; or empty. */
        Optional<String> rootField(String name) {
            Matcher m = Pattern.compile("(?ms)^  root = \\{$(.*?)^  }$").matcher(text);
            if (!m.find()) {
                return Optional.empty();
            }
            Matcher field = Pattern.compile("(?m)^    " + Pattern.quote(name) + " = \"?(.*?)\"?$")
                    .matcher(m.group(1));
            return field.find() ? Optional.of(field.group(1)) : Optional.empty();
        }
    }

    private JfrEvents() {}

    static List<Event> parse(String jfrPrint) {
        List<Event> events = new ArrayList<>();
        String type = null;
        StringBuilder block = null;
        for (String line : jfrPrint.split("\\R")) {
            Matcher start = START.matcher(line);
            if (block == null && start.matches()) {
                type = start.group(1);
                block = new StringBuilder(line).append('\n');
            } else if (block != null) {
                block.append(line).append('\n');
                if (line.equals("}")) {
                    events.add(new Event(type, block.toString()));
                    block = null;
                }
            }
        }
        return events;
    }
}
