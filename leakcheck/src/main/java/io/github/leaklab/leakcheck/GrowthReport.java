package io.github.leaklab.leakcheck;

import java.util.Arrays;

/** The result of {@link Growth#measure}: a metric's samples and its growth per operation. */
public final class GrowthReport {

    private final Metric metric;
    private final int opsPerRound;
    private final long[] samples;
    private final double perOp;

    GrowthReport(Metric metric, int opsPerRound, long[] samples) {
        this.metric = metric;
        this.opsPerRound = opsPerRound;
        this.samples = samples.clone();
        this.perOp = slope(opsPerRound, samples);
    }

    /** Growth per operation: the least-squares slope of the samples against operations done. */
    public double perOp() {
        return perOp;
    }

    /** The metric's value before the first round and after each round. */
    public long[] samples() {
        return samples.clone();
    }

    public int operations() {
        return opsPerRound * (samples.length - 1);
    }

    /** The total change from the first sample to the last. */
    public long total() {
        return samples[samples.length - 1] - samples[0];
    }

    @Override
    public String toString() {
        return metric.formatPerOp(perOp) + " (" + metric.name() + ": " + metric.format(samples[0])
                + " -> " + metric.format(samples[samples.length - 1]) + " over " + operations() + " ops;"
                + " samples " + Arrays.toString(samples) + ")";
    }

    private static double slope(int opsPerRound, long[] samples) {
        int n = samples.length;
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            meanX += (double) i * opsPerRound;
            meanY += samples[i];
        }
        meanX /= n;
        meanY /= n;
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < n; i++) {
            double dx = (double) i * opsPerRound - meanX;
            covariance += dx * (samples[i] - meanY);
            variance += dx * dx;
        }
        return covariance / variance;
    }
}
