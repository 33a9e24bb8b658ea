package leaklab.diagnose;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code jcmd <pid> GC.class_histogram}: the live objects per class, counted after the full
 * collection the command runs first. Its total is the heap's floor: what survives a collection.
 *
 * @param byClass instances and bytes per class, names as Java writes them ({@code byte[]},
 *     {@code java.util.TimerTask[]}, lambda names without their per-run suffix)
 * @param totalBytes every live object's bytes
 */
record LiveHistogram(Map<String, long[]> byClass, long totalInstances, long totalBytes) {

    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
    private static final Pattern LAMBDA_SUFFIX = Pattern.compile("\\$\\$Lambda(?:\\$\\d+)?(?:[/+]0x[0-9a-fA-F]+)?");

    static LiveHistogram parse(String text) {
        Map<String, long[]> byClass = new LinkedHashMap<>();
        long instances = 0;
        long bytes = 0;
        for (String line : text.split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                long[] counts = byClass.computeIfAbsent(javaName(row.group(3)), name -> new long[2]);
                counts[0] += Long.parseLong(row.group(1));
                counts[1] += Long.parseLong(row.group(2));
                continue;
            }
            Matcher total = TOTAL.matcher(line.strip());
            if (total.matches()) {
                instances = Long.parseLong(total.group(1));
                bytes = Long.parseLong(total.group(2));
            }
        }
        return new LiveHistogram(byClass, instances, bytes);
    }

    long instances(String className) {
        long[] counts = byClass.get(className);
        return counts == null ? 0 : counts[0];
    }

    long bytes(String className) {
        long[] counts = byClass.get(className);
        return counts == null ? 0 : counts[1];
    }

    /** {@code [B} reads {@code byte[]}, {@code [Ljava.util.TimerTask;} reads {@code java.util.TimerTask[]}. */
    static String javaName(String vmName) {
        String name = LAMBDA_SUFFIX.matcher(vmName).replaceAll("\\$\\$Lambda");
        int dimensions = 0;
        while (name.startsWith("[")) {
            dimensions++;
            name = name.substring(1);
        }
        if (dimensions == 0) {
            return name;
        }
        String element = switch (name) {
            case "B" -> "byte";
            case "C" -> "char";
            case "S" -> "short";
            case "I" -> "int";
            case "J" -> "long";
            case "F" -> "float";
            case "D" -> "double";
            case "Z" -> "boolean";
            default -> name.startsWith("L") && name.endsWith(";") ? name.substring(1, name.length() - 1) : name;
        };
        return element + "[]".repeat(dimensions);
    }

    /** Not the JDK's: a class of the application (or of a library it brings). */
    static boolean isApplication(String className) {
        String element = className.replace("[]", "");
        return element.contains(".")
                && !element.startsWith("java.")
                && !element.startsWith("javax.")
                && !element.startsWith("jdk.")
                && !element.startsWith("sun.")
                && !element.startsWith("com.sun.");
    }
}
