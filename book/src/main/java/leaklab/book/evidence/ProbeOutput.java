package leaklab.book.evidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a probe ({@link TimerRetentionProbe}, {@link ThreadRetentionProbe}) printed through
 * {@link ProbePrinter}: its {@code key=value} facts (a key may repeat, as {@code parkedIn} does),
 * then its reports, each after a section line.
 */
public final class ProbeOutput {

    static final String RETENTION_SECTION = "----- leaklab probe: retention report -----";
    static final String OTHER_PATHS_SECTION = "----- leaklab probe: the other paths -----";
    static final String THREADS_SECTION = "----- leaklab probe: thread leak report -----";
    static final String END = "----- leaklab probe: end -----";

    private final Map<String, List<String>> facts;
    private final String retentionReport;
    private final String otherPaths;
    private final String threadReport;

    private ProbeOutput(Map<String, List<String>> facts, String retentionReport, String otherPaths, String threadReport) {
        this.facts = facts;
        this.retentionReport = retentionReport;
        this.otherPaths = otherPaths;
        this.threadReport = threadReport;
    }

    /**
     * @throws IllegalArgumentException if a section is missing (the probe died half-way), naming it
     */
    public static ProbeOutput parse(String output) {
        Map<String, List<String>> facts = new LinkedHashMap<>();
        StringBuilder retention = null;
        StringBuilder others = null;
        StringBuilder threads = null;
        StringBuilder current = null;
        boolean ended = false;
        for (String line : output.split("\\R", -1)) {
            if (line.equals(RETENTION_SECTION)) {
                current = retention = new StringBuilder();
            } else if (line.equals(OTHER_PATHS_SECTION)) {
                current = others = new StringBuilder();
            } else if (line.equals(THREADS_SECTION)) {
                current = threads = new StringBuilder();
            } else if (line.equals(END)) {
                current = null;
                ended = true;
            } else if (current != null) {
                current.append(line).append('\n');
            } else if (retention == null) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    facts.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 1));
                }
            }
        }
        if (retention == null || others == null || threads == null || !ended) {
            throw new IllegalArgumentException("the probe's output is cut short (no "
                    + (retention == null ? "retention report" : others == null ? "other paths"
                    : threads == null ? "thread leak report" : "end line") + ")");
        }
        return new ProbeOutput(facts, block(retention), block(others), block(threads));
    }

    private static String block(StringBuilder text) {
        String stripped = text.toString().strip();
        return stripped.isEmpty() ? "" : stripped + "\n";
    }

    /** The value of a fact printed once. */
    public String fact(String key) {
        List<String> values = facts.get(key);
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("the probe printed no " + key + " (it printed " + facts.keySet() + ")");
        }
        return values.get(0);
    }

    public long number(String key) {
        return Long.parseLong(fact(key));
    }

    /** Every value of a fact printed any number of times, in order; empty if never. */
    public List<String> all(String key) {
        return facts.getOrDefault(key, List.of());
    }

    /** {@link leaklab.leakcheck.RetentionReport#toString()}, as printed. */
    public String retentionReport() {
        return retentionReport;
    }

    /** The paths from a GC root other than the shortest, as Shark traces, shortest first; empty if there is one. */
    public String otherPaths() {
        return otherPaths;
    }

    /** {@link leaklab.leakcheck.ThreadLeakReport#toString()}, as printed. */
    public String threadReport() {
        return threadReport;
    }
}
