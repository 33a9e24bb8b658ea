package leaklab.book.evidence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output of {@code jcmd <pid> GC.class_histogram}: one row per class, with its live instances
 * and their shallow size, then a total.
 *
 * <pre>
 * 27514:
 *  num     #instances         #bytes  class name (module)
 * -------------------------------------------------------
 *    1:         10207       14203584  [B (java.base@17.0.15)
 *   17:           420          16800  leaklab.timer.Session
 * Total         43755       15944848
 * </pre>
 *
 * Without {@code -all} the command runs a full GC first, so the figures are what is still reachable.
 */
public final class ClassHistogram {

    private static final Pattern ROW =
            Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)(?:\\s+\\(([^)]*)\\))?\\s*$");
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$");

    /**
     * One class.
     *
     * @param className the JVM's name for it: {@code [B} for byte[], {@code java.util.TimerThread}
     * @param module its module and version, e.g. {@code java.base@17.0.15}; empty for the classpath
     * @param instances live instances
     * @param bytes their shallow size in bytes (what the objects hold through references is not counted)
     */
    public record Row(String className, String module, long instances, long bytes) {

        /** The class name as the histogram prints it, with the module in brackets when there is one. */
        public String label() {
            return module.isEmpty() ? className : className + " (" + module + ")";
        }
    }

    private final Map<String, Row> rows;
    private final long totalInstances;
    private final long totalBytes;

    private ClassHistogram(Map<String, Row> rows, long totalInstances, long totalBytes) {
        this.rows = rows;
        this.totalInstances = totalInstances;
        this.totalBytes = totalBytes;
    }

    /**
     * Reads the histogram out of jcmd's output, ignoring the lines around it (jcmd's {@code <pid>:}
     * line, the column titles).
     *
     * @throws IllegalArgumentException if no class row or no total is found, naming the first lines
     */
    public static ClassHistogram parse(String jcmdOutput) {
        Map<String, Row> rows = new LinkedHashMap<>();
        Long instances = null;
        Long bytes = null;
        for (String line : jcmdOutput.split("\\R")) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                Row parsed = new Row(
                        row.group(3),
                        row.group(4) == null ? "" : row.group(4),
                        Long.parseLong(row.group(1)),
                        Long.parseLong(row.group(2)));
                // Two classes of one name from different loaders print as two rows; add them up.
                rows.merge(
                        parsed.label(),
                        parsed,
                        (a, b) -> new Row(
                                a.className(), a.module(), a.instances() + b.instances(), a.bytes() + b.bytes()));
                continue;
            }
            Matcher total = TOTAL.matcher(line);
            if (total.matches()) {
                instances = Long.parseLong(total.group(1));
                bytes = Long.parseLong(total.group(2));
            }
        }
        if (rows.isEmpty() || instances == null) {
            throw new IllegalArgumentException(
                    "not a GC.class_histogram output (no class rows or no Total line): " + firstLines(jcmdOutput, 3));
        }
        return new ClassHistogram(Collections.unmodifiableMap(rows), instances, bytes);
    }

    /** The rows, in the histogram's order (largest shallow size first). */
    public List<Row> rows() {
        return List.copyOf(rows.values());
    }

    /** The row of a class by its name, whatever its module. */
    public Optional<Row> row(String className) {
        return rows.values().stream()
                .filter(r -> r.className().equals(className))
                .findFirst();
    }

    /** The instances of a class, 0 if the histogram has no row for it. */
    public long instancesOf(String className) {
        return row(className).map(Row::instances).orElse(0L);
    }

    public long totalInstances() {
        return totalInstances;
    }

    /** The shallow size of every live object: the heap in use right after the histogram's full GC. */
    public long totalBytes() {
        return totalBytes;
    }

    /**
     * How every class moved between {@code earlier} and {@code later}, taken from the same JVM:
     * largest byte growth first (ties: most new instances, then by name), shrinking classes last.
     * Classes in neither histogram's rows are not listed; a class gone from {@code later} counts
     * its loss.
     */
    public static List<Change> changes(ClassHistogram earlier, ClassHistogram later) {
        Map<String, Change> changes = new LinkedHashMap<>();
        for (Map.Entry<String, Row> entry : later.rows.entrySet()) {
            Row now = entry.getValue();
            Row before = earlier.rows.get(entry.getKey());
            changes.put(
                    entry.getKey(),
                    new Change(
                            now,
                            now.instances() - (before == null ? 0 : before.instances()),
                            now.bytes() - (before == null ? 0 : before.bytes())));
        }
        for (Map.Entry<String, Row> entry : earlier.rows.entrySet()) {
            Row gone = entry.getValue();
            changes.putIfAbsent(entry.getKey(), new Change(gone, -gone.instances(), -gone.bytes()));
        }
        List<Change> sorted = new ArrayList<>(changes.values());
        sorted.sort(java.util.Comparator.comparingLong(Change::bytes)
                .reversed()
                .thenComparing(
                        java.util.Comparator.comparingLong(Change::instances).reversed())
                .thenComparing(c -> c.row().label()));
        return sorted;
    }

    /** The classes whose instances or bytes went up, largest byte growth first. */
    public static List<Change> growth(ClassHistogram earlier, ClassHistogram later) {
        List<Change> growing = new ArrayList<>();
        for (Change change : changes(earlier, later)) {
            if (change.isGrowth()) {
                growing.add(change);
            }
        }
        return growing;
    }

    /**
     * How one class moved between two histograms.
     *
     * @param row the class, as the later histogram shows it (the earlier one, if it is gone)
     * @param instances instances added (negative: collected)
     * @param bytes bytes added (negative: collected)
     */
    public record Change(Row row, long instances, long bytes) {

        boolean isGrowth() {
            return instances > 0 || bytes > 0;
        }
    }

    /**
     * The top of the growth, laid out like the histogram itself, numbered by rank, with the total
     * change at the bottom. The classes named in {@code alwaysShown} are shown wherever they rank,
     * even if they did not grow, so the reader finds the class the chapter is about; a {@code ...}
     * line marks the ranks left out.
     */
    public static String formatGrowth(ClassHistogram earlier, ClassHistogram later, int top, List<String> alwaysShown) {
        List<Change> changes = changes(earlier, later);
        StringBuilder out = new StringBuilder();
        out.append(" num   +#instances        +#bytes  class name (module)\n");
        out.append("-------------------------------------------------------\n");
        if (changes.isEmpty() || !changes.get(0).isGrowth()) {
            out.append("      (no class grew)\n");
        }
        boolean gap = false;
        for (int i = 0; i < changes.size(); i++) {
            Change change = changes.get(i);
            boolean shown = (i < top && change.isGrowth())
                    || alwaysShown.contains(change.row().className());
            if (!shown) {
                gap = true;
                continue;
            }
            if (gap) {
                out.append(" ...\n");
                gap = false;
            }
            out.append(String.format(
                    java.util.Locale.ROOT,
                    "%4d: %12s %14s  %s\n",
                    i + 1,
                    signed(change.instances()),
                    signed(change.bytes()),
                    change.row().label()));
        }
        if (gap) {
            out.append(" ...\n");
        }
        out.append(String.format(
                java.util.Locale.ROOT,
                "Total %12s %14s\n",
                signed(later.totalInstances - earlier.totalInstances),
                signed(later.totalBytes - earlier.totalBytes)));
        return out.toString();
    }

    private static String signed(long n) {
        return n > 0 ? "+" + n : Long.toString(n);
    }

    private static String firstLines(String text, int n) {
        String[] lines = text.split("\\R", n + 1);
        return String.join(" | ", java.util.Arrays.asList(lines).subList(0, Math.min(n, lines.length)));
    }
}
