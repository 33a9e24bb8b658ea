package leaklab.book.evidence;

import java.util.Map;
import leaklab.leakcheck.RetentionReport;
import leaklab.leakcheck.ThreadLeakReport;

/**
 * How a probe prints leakcheck's verdicts for {@link ProbeOutput} to read: {@code key=value} facts
 * first, then the {@link RetentionReport} (Shark's shortest path from a GC root), the other paths,
 * and the {@link ThreadLeakReport}, each after its section line. Used inside the probes' JVMs only,
 * which have leakcheck on their classpath; the generator's JVM does not.
 */
final class ProbePrinter {

    private ProbePrinter() {
    }

    static void fact(String key, Object value) {
        System.out.println(key + "=" + value);
    }

    /**
     * The facts every probe prints about the two verdicts ({@code watched}, {@code paths},
     * {@code retained}, {@code retainedBytes}, {@code pathHops}, {@code leakedThreads} and a
     * {@code parkedIn} per frame), then the reports.
     */
    static void verdicts(RetentionReport retention, ThreadLeakReport threads) {
        fact("watched", retention.watched());
        fact("paths", retention.paths().size());
        fact("retained", retention.retainedCount());
        fact("retainedBytes", retention.retainedBytes());
        fact("pathHops", String.join(" > ", retention.pathSignature()));
        fact("leakedThreads", threads.count());
        for (Map.Entry<String, Long> parked : threads.countByParkedFrame().entrySet()) {
            fact("parkedIn", parked.getValue() + " " + parked.getKey());
        }
        System.out.println(ProbeOutput.RETENTION_SECTION);
        System.out.println(retention);
        System.out.println(ProbeOutput.OTHER_PATHS_SECTION);
        // The report shows the shortest path in full; these are the others, shortest first.
        retention.paths().stream().skip(1).forEach(System.out::println);
        System.out.println(ProbeOutput.THREADS_SECTION);
        System.out.println(threads);
        System.out.println(ProbeOutput.END);
    }
}
