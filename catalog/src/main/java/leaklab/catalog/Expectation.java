package leaklab.catalog;

import java.util.Locale;

/**
 * What the book's evidence must confirm about one side, per operation between the first look and
 * the last. On the leaking side a metric grows at least {@code perOperation}; on the fixed side it
 * moves less than {@code perOperation}, either way.
 *
 * <p>A metric is a gauge column ({@code threads}, {@code queuedTasks}), or one of
 * <ul>
 *   <li>{@code histogram.<class>}: instances in {@code GC.class_histogram};</li>
 *   <li>{@code histogram-bytes.<class>}: bytes in {@code GC.class_histogram};</li>
 *   <li>{@code threads.<name prefix>}: threads of that name in {@code Thread.print};</li>
 *   <li>{@code native-memory.<category>}: committed bytes of a category of
 *       {@code VM.native_memory summary};</li>
 *   <li>{@code fds.<kind>}: open file descriptors of a kind ({@code socket}, {@code pipe},
 *       {@code file}, {@code anon_inode}, or {@code all}), as the look {@code fds} lists them.</li>
 * </ul>
 */
public record Expectation(Side side, String metric, double perOperation) {

    public enum Kind {
        GAUGE(""),
        HISTOGRAM_INSTANCES("histogram."),
        HISTOGRAM_BYTES("histogram-bytes."),
        THREAD_DUMP("threads."),
        NATIVE_MEMORY("native-memory."),
        FILE_DESCRIPTORS("fds.");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }

        /** The look command a metric of this kind is read from, or {@code null} for the gauge. */
        public String jcmd() {
            return switch (this) {
                case GAUGE -> null;
                case HISTOGRAM_INSTANCES, HISTOGRAM_BYTES -> "GC.class_histogram";
                case THREAD_DUMP -> "Thread.print";
                case NATIVE_MEMORY -> "VM.native_memory summary";
                case FILE_DESCRIPTORS -> Look.FDS;
            };
        }
    }

    public Kind kind() {
        for (Kind kind : new Kind[] {
            Kind.HISTOGRAM_BYTES, Kind.HISTOGRAM_INSTANCES, Kind.THREAD_DUMP, Kind.NATIVE_MEMORY, Kind.FILE_DESCRIPTORS
        }) {
            if (metric.startsWith(kind.prefix())) {
                return kind;
            }
        }
        return Kind.GAUGE;
    }

    /** The metric without its kind: the class, the thread name prefix, the category, the column. */
    public String subject() {
        return metric.substring(kind().prefix().length());
    }

    /** Whether a measured growth per operation meets this expectation. */
    public boolean isMetBy(double measuredPerOperation) {
        return side == Side.LEAKING
                ? measuredPerOperation >= perOperation
                : Math.abs(measuredPerOperation) < perOperation;
    }

    /** "grows at least 0.90 per operation" or "moves less than 0.10 per operation". */
    public String describe(String operation) {
        String amount = String.format(Locale.ROOT, "%.2f", perOperation);
        return metric + (side == Side.LEAKING ? " grows at least " : " moves less than ") + amount + " per "
                + operation;
    }
}
