package leaklab.book.evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The diagnosis chapter's table of what releases a forgotten JDK resource, from what
 * {@code leaklab.book.diagnosis.ResourceRelease} printed on the JDK that built the book: one row per
 * resource, in AsciiDoc, with what releases it when it is dropped without being closed and the
 * symptom that gives.
 */
final class ReleaseTable {

    /** One resource's line: how it was opened, what it holds, what closes it, the verdict, the GCs it took. */
    record Row(String opened, String holds, String closedBy, String verdict, int gcs, String closeReleases) {

        boolean releasedByGc() {
            return verdict.equals("CLEANER") || verdict.equals("FINALIZER");
        }

        /** What released it, in words. */
        String released() {
            String close = closedBy.isEmpty() ? "nothing else" : "only `+" + closedBy + "+`";
            return switch (verdict) {
                case "CLEANER" -> "the JDK's Cleaner, after a GC";
                case "FINALIZER" -> "its finalizer, after a GC";
                case "CLOSE_ONLY" ->
                    close + ": collected, it stayed " + (holds.contains("thread") ? "alive" : "open") + " through "
                            + gcs + " GCs";
                case "NOTHING" ->
                    close + ": never collected in " + gcs + " GCs"
                            + (holds.contains("thread") ? ", its own thread keeps it reachable" : "");
                default -> throw new IllegalStateException(verdict);
            };
        }

        /** How a count of them behaves while a program forgets one after another. */
        String symptom() {
            return releasedByGc() ? "falls at each GC, then climbs again" : "only climbs; a GC does not lower it";
        }
    }

    private ReleaseTable() {}

    /**
     * Reads the probe's lines.
     *
     * @throws IllegalArgumentException for a line that is not one
     */
    static List<Row> parse(String output) {
        List<Row> rows = new ArrayList<>();
        for (String line : output.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 6
                    || !List.of("CLEANER", "FINALIZER", "CLOSE_ONLY", "NOTHING").contains(f[3])
                    || !f[4].matches("\\d+")) {
                throw new IllegalArgumentException("not a line of ResourceRelease: " + line);
            }
            rows.add(new Row(f[0], f[1], f[2], f[3], Integer.parseInt(f[4]), f[5]));
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("ResourceRelease printed no resource");
        }
        return rows;
    }

    /** What contradicts the table's claims: a close that did not release what it closed. */
    static List<String> problems(List<Row> rows) {
        List<String> problems = new ArrayList<>();
        for (Row row : rows) {
            if (!row.closedBy().isEmpty() && !row.closeReleases().equals("yes")) {
                problems.add(row.opened() + ": " + row.closedBy() + " did not release " + row.holds());
            }
        }
        return problems;
    }

    /** The table, for {@code include::}. */
    static String asciidoc(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("[cols=\"5,3,6,4\",options=\"header\"]\n|===\n")
                .append("| Opened, then forgotten | What it holds | What released it | A count of them\n");
        for (Row row : rows) {
            out.append(String.format(
                    Locale.ROOT,
                    "%n| `+%s+`%n| %s%n| %s%n| %s%n",
                    row.opened(),
                    row.holds(),
                    row.released(),
                    row.symptom()));
        }
        return out.append("|===\n").toString();
    }
}
