package io.github.leaklab.leakcheck;

/**
 * Growth per operation: runs a workload in rounds, samples a metric before and after each
 * round, and fits a line through the samples. The slope is the figure a scenario prints:
 * "+1.00 thread/op" means every operation leaves one more thread behind.
 *
 * <pre>{@code
 * GrowthReport growth = Growth.of(Metric.liveThreads()).measure(5, 20, () -> openAndCloseOneSession());
 * System.out.println(growth);   // +1.00 thread/op (live threads: 14 -> 114 over 100 ops)
 * }</pre>
 */
public final class Growth {

    private final Metric metric;

    private Growth(Metric metric) {
        this.metric = metric;
    }

    public static Growth of(Metric metric) {
        return new Growth(metric);
    }

    /**
     * Runs {@code rounds} rounds of {@code opsPerRound} operations and reports the metric's growth
     * per operation (least-squares slope of the samples against operations done).
     */
    public GrowthReport measure(int rounds, int opsPerRound, Runnable operation) {
        if (rounds < 1 || opsPerRound < 1) {
            throw new IllegalArgumentException(
                    "rounds and opsPerRound must be at least 1, got " + rounds + " and " + opsPerRound);
        }
        long[] samples = new long[rounds + 1];
        samples[0] = metric.sample();
        for (int round = 1; round <= rounds; round++) {
            for (int op = 0; op < opsPerRound; op++) {
                operation.run();
            }
            samples[round] = metric.sample();
        }
        return new GrowthReport(metric, opsPerRound, samples);
    }
}
