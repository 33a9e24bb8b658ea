package leaklab.demo;

import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.LongSupplier;

/**
 * What a live demo shows once a second: elapsed seconds, live threads and heap used, then the
 * demo's own counters. The same sample is printed as an aligned line for people and written as a
 * CSV row for the book's charts.
 *
 * <pre>{@code
 * Gauge gauge = Gauge.ofThisJvm()
 *         .count("queued", "queuedTasks", manager::queuedTasks)
 *         .count("open", "openSessions", manager::openSessions);
 * }</pre>
 */
public final class Gauge {

    private final List<Column> columns = new ArrayList<>();

    private Gauge() {
    }

    /**
     * Live threads, heap used and the heap left after the last GC, the figures every leak moves
     * sooner or later. Heap used saws up and down with garbage; what the last GC left is the
     * floor, and a floor that keeps rising is what a heap leak looks like.
     */
    public static Gauge ofThisJvm() {
        Gauge gauge = new Gauge();
        gauge.columns.add(new Column("threads", "threads", false,
                () -> ManagementFactory.getThreadMXBean().getThreadCount()));
        gauge.columns.add(new Column("heap used", "heapUsedBytes", true, Gauge::heapUsed));
        gauge.columns.add(new Column("after GC", "heapAfterGcBytes", true, Gauge::heapAfterLastGc));
        return gauge;
    }

    /**
     * Adds a counter of the demo's own.
     *
     * @param label the short column title people read
     * @param csvName the CSV header, in camelCase
     */
    public Gauge count(String label, String csvName, LongSupplier value) {
        columns.add(new Column(label, csvName, false, value));
        return this;
    }

    /** Reads every column now. */
    public Sample sample(long seconds) {
        long[] values = new long[columns.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = columns.get(i).value().getAsLong();
        }
        return new Sample(seconds, values);
    }

    /** The column titles, aligned with {@link #line}. */
    public String header() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%6s", "time"));
        for (Column column : columns) {
            out.append(String.format(Locale.ROOT, "  %" + column.width() + "s", column.label()));
        }
        return out.toString();
    }

    /** One sample as an aligned line, e.g. {@code "   12s      612   21.4 MiB     600"}. */
    public String line(Sample sample) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%5ds", sample.seconds()));
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            out.append(String.format(Locale.ROOT, "  %" + column.width() + "s", column.format(sample.values()[i])));
        }
        return out.toString();
    }

    /** {@code seconds,} then each column's CSV name. */
    public String csvHeader() {
        StringJoiner out = new StringJoiner(",").add("seconds");
        columns.forEach(column -> out.add(column.csvName()));
        return out.toString();
    }

    /** One sample as a CSV row, plain numbers (bytes as bytes). */
    public String csvRow(Sample sample) {
        StringJoiner out = new StringJoiner(",").add(Long.toString(sample.seconds()));
        for (long value : sample.values()) {
            out.add(Long.toString(value));
        }
        return out.toString();
    }

    /** How each column moved from one sample to another, e.g. {@code "threads 14 -> 1014, ..."}. */
    public String change(Sample from, Sample to) {
        StringJoiner out = new StringJoiner(", ");
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            out.add(column.label() + " " + column.format(from.values()[i]) + " -> " + column.format(to.values()[i]));
        }
        return out.toString();
    }

    /**
     * Heap in use now, objects not yet collected included. Runtime's figure, not the MemoryMXBean's:
     * with G1 the latter leaves out the regions being allocated into, so it moves in steps of a region.
     */
    static long heapUsed() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /**
     * The heap in use right after the most recent garbage collection, young or full (0 before the
     * first): what {@code jstat -gcutil} and a GC log show as the floor of the sawtooth.
     */
    static long heapAfterLastGc() {
        GcInfo latest = null;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof com.sun.management.GarbageCollectorMXBean hotspot) {
                GcInfo info = hotspot.getLastGcInfo();
                if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
                    latest = info;
                }
            }
        }
        if (latest == null) {
            return 0;
        }
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage after = latest.getMemoryUsageAfterGc().get(pool.getName());
            if (pool.getType() == MemoryType.HEAP && after != null) {
                used += after.getUsed();
            }
        }
        return used;
    }

    /** {@code 1.5 GiB}, {@code 12.3 MiB}, {@code 512 KiB}, {@code 800 B}. */
    public static String bytes(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        if (bytes >= 1L << 10) {
            return String.format(Locale.ROOT, "%d KiB", bytes >> 10);
        }
        return bytes + " B";
    }

    /** The values of every column at one second of the run. */
    public record Sample(long seconds, long[] values) {
    }

    private record Column(String label, String csvName, boolean isBytes, LongSupplier value) {
        int width() {
            return Math.max(label.length(), isBytes ? 10 : 7);
        }

        String format(long v) {
            return isBytes ? bytes(v) : Long.toString(v);
        }
    }
}
