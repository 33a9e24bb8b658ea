package leaklab.demo;

import com.sun.management.GcInfo;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.LongSupplier;

/**
 * What a live demo shows once a second: elapsed seconds, operations done, live threads and the
 * heap, then the demo's own counters. The same sample is printed as an aligned line for people and
 * written as a CSV row for the book's charts.
 *
 * <pre>{@code
 * Gauge gauge = Gauge.ofThisJvm()
 *         .count("queued", "queuedTasks", manager::queuedTasks)   // a level that should stay flat
 *         .total("opened", "sessionsOpened", opened::get);       // a running total, growing by design
 * }</pre>
 *
 * <p>A column is a level, a running total or the heap used. Levels are what a leak moves: the
 * summary at the end judges each one by its growth per operation (see {@link #verdict}). A running
 * total grows by design, and the heap used and the resident memory saw up and down with garbage
 * and the heap's commits; none of them is judged.
 */
public final class Gauge {

    /** How a column counts, and whether the verdict judges it. */
    enum Kind {
        /** A level: live threads, queued tasks. It should follow the work in flight, not the work done. */
        LEVEL,
        /** Bytes that should stay level: the heap after a GC, resident memory, direct buffers. */
        LEVEL_BYTES,
        /** A running total, growing by design: operations done, sessions ever opened. */
        TOTAL,
        /**
         * Bytes that move with garbage, the heap's commits and the allocator as much as with a leak
         * (heap used, resident memory): informative, never judged.
         */
        SAWTOOTH_BYTES
    }

    /** A level grows with the work if it gains at least this much per operation... */
    static final double LEVEL_GROWTH_PER_OPERATION = 0.05;
    /** ...and bytes if they gain at least this many per operation. */
    static final double BYTES_GROWTH_PER_OPERATION = 1024;

    private static final Path PROC_STATUS = Path.of("/proc/self/status");
    private static final Path PROC_FD = Path.of("/proc/self/fd");

    private final List<Column> columns = new ArrayList<>();

    private Gauge() {}

    /**
     * Live threads, heap used and the heap left after the last GC, the figures every leak moves
     * sooner or later. Heap used saws up and down with garbage; what the last GC left is the
     * floor, and a floor that keeps rising is what a heap leak looks like.
     */
    public static Gauge ofThisJvm() {
        Gauge gauge = new Gauge();
        gauge.columns.add(new Column(
                "threads",
                "threads",
                Kind.LEVEL,
                () -> ManagementFactory.getThreadMXBean().getThreadCount()));
        gauge.columns.add(new Column("heap used", "heapUsedBytes", Kind.SAWTOOTH_BYTES, Gauge::heapUsed));
        gauge.columns.add(new Column("after GC", "heapAfterGcBytes", Kind.LEVEL_BYTES, Gauge::heapAfterLastGc));
        return gauge;
    }

    /**
     * Adds a level of the demo's own, which should stay flat under a steady load.
     *
     * @param label the short column title people read
     * @param csvName the CSV header, in camelCase
     */
    public Gauge count(String label, String csvName, LongSupplier value) {
        columns.add(new Column(label, csvName, Kind.LEVEL, value));
        return this;
    }

    /** Adds a running total of the demo's own (requests made, sessions opened): it grows by design. */
    public Gauge total(String label, String csvName, LongSupplier value) {
        columns.add(new Column(label, csvName, Kind.TOTAL, value));
        return this;
    }

    /** Adds a size in bytes of the demo's own that should stay level. */
    public Gauge bytes(String label, String csvName, LongSupplier value) {
        columns.add(new Column(label, csvName, Kind.LEVEL_BYTES, value));
        return this;
    }

    /**
     * Adds the process's resident memory (Linux: {@code VmRSS} of /proc/self/status), where a leak
     * outside the heap shows. Shown, not judged: it also moves as the heap is committed and given
     * back, as the allocator's arenas grow and as the JIT compiles, by far more than a kilobyte per
     * operation, leak or not; the verdict judges the figures that tell (the heap after a GC, the
     * direct buffers), and a chart or an expectation reads this column.
     */
    public Gauge withResidentMemory() {
        columns.add(new Column("rss", "residentBytes", Kind.SAWTOOTH_BYTES, Gauge::residentMemory));
        return this;
    }

    /** Adds the process's open file descriptors (Linux: the entries of /proc/self/fd). */
    public Gauge withOpenFiles() {
        return count("fds", "openFiles", Gauge::openFiles);
    }

    /** Adds the direct buffers: how many, and their capacity ({@code BufferPoolMXBean} "direct"). */
    public Gauge withDirectBuffers() {
        count("direct", "directBuffers", () -> directPool().getCount());
        return bytes("direct cap", "directBytes", () -> directPool().getTotalCapacity());
    }

    /** The running total of operations, first of the demo's columns; {@link LiveDemo} adds it. */
    Gauge withOperations(LongSupplier operations) {
        columns.add(0, new Column("ops", "operations", Kind.TOTAL, operations));
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
     * The verdict on a run, in words: which levels grew with the work done, judged on the second
     * half of the run's operations (the first half includes the warm-up, when work in flight
     * builds up), by the least-squares growth per operation. Needs the operations column, which
     * {@link LiveDemo} adds.
     *
     * @param samples the run's samples, in order
     * @param operation what one operation is, for the words: "operation", "session"
     */
    public String verdict(List<Sample> samples, String operation) {
        int ops = columnIndex("operations");
        if (ops < 0 || samples.isEmpty()) {
            return "Verdict: none (no operations were counted).";
        }
        long lastOps = samples.get(samples.size() - 1).values()[ops];
        List<Sample> secondHalf =
                samples.stream().filter(s -> s.values()[ops] * 2 >= lastOps).toList();
        if (lastOps < 20 || secondHalf.size() < 2 || secondHalf.get(0).values()[ops] == lastOps) {
            return "Verdict: too few operations to tell (" + lastOps + "); run longer or at a higher --rate.";
        }
        List<String> growing = new ArrayList<>();
        List<String> judged = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            if (column.kind() != Kind.LEVEL && column.kind() != Kind.LEVEL_BYTES) {
                continue;
            }
            int column_ = i;
            // Before the first GC there is no "after GC" figure yet (0): those rows say nothing.
            List<Sample> judgedRows = column.csvName().equals("heapAfterGcBytes")
                    ? secondHalf.stream()
                            .filter(sample -> sample.values()[column_] > 0)
                            .toList()
                    : secondHalf;
            if (judgedRows.size() < 2) {
                judged.add(column.label() + " not yet measured");
                continue;
            }
            double perOp = slope(judgedRows, ops, i);
            String figure = column.label() + " " + column.formatPerOperation(perOp) + " per " + operation;
            judged.add(figure);
            double threshold = column.kind() == Kind.LEVEL ? LEVEL_GROWTH_PER_OPERATION : BYTES_GROWTH_PER_OPERATION;
            if (perOp >= threshold) {
                growing.add(figure);
            }
        }
        String over = "over the second half of the run (" + secondHalf.get(0).values()[ops] + " to " + lastOps
                + " operations): " + String.join(", ", judged) + ".";
        return growing.isEmpty()
                ? "Verdict: nothing grows with the work done, " + over + " No leak in these figures."
                : "Verdict: " + String.join(", ", growing) + ": grows with the work done, a leak. Figures " + over;
    }

    private int columnIndex(String csvName) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).csvName().equals(csvName)) {
                return i;
            }
        }
        return -1;
    }

    private static double slope(List<Sample> samples, int x, int y) {
        double meanX = 0;
        double meanY = 0;
        for (Sample s : samples) {
            meanX += s.values()[x];
            meanY += s.values()[y];
        }
        meanX /= samples.size();
        meanY /= samples.size();
        double covariance = 0;
        double variance = 0;
        for (Sample s : samples) {
            double dx = s.values()[x] - meanX;
            covariance += dx * (s.values()[y] - meanY);
            variance += dx * dx;
        }
        return variance == 0 ? 0 : covariance / variance;
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

    /** The process's resident set size, in bytes; 0 where /proc does not tell it. */
    static long residentMemory() {
        try {
            for (String line : Files.readAllLines(PROC_STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024; // "VmRSS:   123456 kB"
                }
            }
        } catch (IOException | RuntimeException noProc) {
            // not Linux
        }
        return 0;
    }

    /** The process's open file descriptors; 0 where /proc does not list them. */
    static long openFiles() {
        String[] entries = PROC_FD.toFile().list();
        return entries == null ? 0 : entries.length;
    }

    static BufferPoolMXBean directPool() {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                return pool;
            }
        }
        throw new IllegalStateException("this JVM has no \"direct\" buffer pool");
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
    public record Sample(long seconds, long[] values) {}

    private record Column(String label, String csvName, Kind kind, LongSupplier value) {
        int width() {
            return Math.max(label.length(), isBytes() ? 10 : 7);
        }

        boolean isBytes() {
            return kind == Kind.LEVEL_BYTES || kind == Kind.SAWTOOTH_BYTES;
        }

        String format(long v) {
            return isBytes() ? bytes(v) : Long.toString(v);
        }

        String formatPerOperation(double perOp) {
            String sign = perOp < 0 ? "-" : "+";
            double magnitude = Math.abs(perOp);
            if (isBytes()) {
                return sign
                        + (magnitude < 1024
                                ? String.format(Locale.ROOT, "%.0f B", magnitude)
                                : String.format(Locale.ROOT, "%.1f KiB", magnitude / 1024));
            }
            String text = String.format(Locale.ROOT, "%.2f", magnitude);
            return (text.equals("0.00") ? "+" : sign) + text;
        }
    }
}
