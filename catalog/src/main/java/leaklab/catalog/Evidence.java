package leaklab.catalog;

import java.util.List;

/**
 * What the book measures of a scenario while it builds: each side's live demo, run at {@code rate}
 * operations a second with {@code jvmOptions}, looked at with jcmd at points of the workload, and
 * the expectations the measurement must meet.
 *
 * @param rate operations a second
 * @param jvmOptions the demo JVM's options besides the heap cap (e.g. native memory tracking)
 * @param looks the looks, in the order of the workload; the demo ends after the last
 * @param chart the gauge columns the chapter's chart draws, one panel each
 * @param histogramClasses the classes the histogram diff always shows, wherever they rank
 * @param threads the thread name prefixes the thread-dump excerpt groups
 * @param expectations what each side must show, leaking first
 */
public record Evidence(
        int rate,
        List<String> jvmOptions,
        List<Look> looks,
        List<String> chart,
        List<String> histogramClasses,
        List<String> threads,
        List<Expectation> expectations) {

    public Evidence {
        jvmOptions = List.copyOf(jvmOptions);
        looks = List.copyOf(looks);
        chart = List.copyOf(chart);
        histogramClasses = List.copyOf(histogramClasses);
        threads = List.copyOf(threads);
        expectations = List.copyOf(expectations);
    }

    public Look firstLook() {
        return looks.get(0);
    }

    public Look lastLook() {
        return looks.get(looks.size() - 1);
    }

    public List<Expectation> expectations(Side side) {
        return expectations.stream().filter(e -> e.side() == side).toList();
    }
}
