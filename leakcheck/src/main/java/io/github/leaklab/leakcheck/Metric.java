package io.github.leaklab.leakcheck;

import io.github.leaklab.leakcheck.heap.Sizes;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Something to sample while a workload runs: live threads, queued tasks, retained bytes, open
 * files. A metric knows its unit so that a growth figure reads "+1.00 thread/op" or "+1.0 MiB/op".
 *
 * @param name what is sampled, as the report names it ("live threads")
 * @param unit the singular unit of a count ("thread"), or {@code null} for bytes
 * @param sampler reads the current value
 */
public record Metric(String name, String unit, LongSupplier sampler) {

    /** Live threads in this JVM. */
    public static Metric liveThreads() {
        return new Metric("live threads", "thread", Threads::liveThreadCount);
    }

    /** Open file descriptors (see {@link FileDescriptors}). */
    public static Metric openFiles() {
        return new Metric("open files", "fd", FileDescriptors::count);
    }

    /** A count: {@code Metric.count("queued tasks", "task", manager::queuedTasks)}. */
    public static Metric count(String name, String unit, LongSupplier sampler) {
        return new Metric(name, unit, sampler);
    }

    /** A size in bytes: {@code Metric.bytes("retained", () -> HeapRetention.retainedBytes(cache.values()))}. */
    public static Metric bytes(String name, LongSupplier sampler) {
        return new Metric(name, null, sampler);
    }

    long sample() {
        return sampler.getAsLong();
    }

    boolean isBytes() {
        return unit == null;
    }

    /** A value in this metric's unit: "114" or "1.5 MiB". */
    String format(double value) {
        return isBytes() ? Sizes.format(value) : String.format(Locale.ROOT, "%.0f", value);
    }

    /** A rate per operation: "+1.00 thread/op" or "+16.0 KiB/op". */
    String formatPerOp(double perOp) {
        double magnitude = Math.abs(perOp);
        // Least squares can land a hair below zero; "-0.00" would read as shrinking.
        boolean shrinking = perOp < 0 && (isBytes() ? magnitude >= 0.5 : magnitude >= 0.005);
        String sign = shrinking ? "-" : "+";
        return isBytes()
                ? sign + Sizes.format(magnitude) + "/op"
                : sign + String.format(Locale.ROOT, "%.2f", magnitude) + " " + unit + "/op";
    }
}
