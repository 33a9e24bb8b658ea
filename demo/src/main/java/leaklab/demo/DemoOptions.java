package leaklab.demo;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line every live demo accepts. {@link #parse} is pure (it throws {@link BadOption}
 * and never exits), so the tests can feed it anything; {@link LiveDemo#parseOrExit} turns a
 * {@code BadOption} into one line, the usage and exit code 2.
 *
 * @param duration how long the demo runs unless the heap cap stops it first
 * @param rate operations per second (what an operation is, the demo says in its usage)
 * @param maxHeapUsedBytes the demo stops once the heap used after a GC passes this
 * @param maxThreads the demo stops once this JVM has more live threads (a thread leak never fills the heap)
 * @param csv where to also write the gauge, one row per second; {@code null} for nowhere
 * @param lookAt the points of the workload, in operations done, where the demo pauses for a look
 *         with jcmd until a line arrives on standard input (the end of input stops the demo);
 *         empty for a demo that never pauses
 * @param help whether {@code --help} was asked for
 */
public record DemoOptions(
        Duration duration, int rate, long maxHeapUsedBytes, int maxThreads, Path csv, List<Long> lookAt, boolean help) {

    public DemoOptions {
        lookAt = List.copyOf(lookAt);
    }

    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(60);
    public static final int DEFAULT_RATE = 50;
    public static final long DEFAULT_MAX_HEAP_USED = 64L << 20;
    public static final int DEFAULT_MAX_THREADS = 2_000;

    static final Duration MIN_DURATION = Duration.ofSeconds(1);
    static final Duration MAX_DURATION = Duration.ofHours(24);
    static final int MAX_RATE = 10_000;
    static final long MIN_HEAP_USED = 1L << 20;
    static final int MIN_THREADS = 50;
    static final int MAX_THREADS = 10_000;

    private static final Pattern TIME = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})([kmg]?)");

    /** The options of a demo run with no arguments. */
    public static DemoOptions defaults() {
        return new DemoOptions(
                DEFAULT_DURATION, DEFAULT_RATE, DEFAULT_MAX_HEAP_USED, DEFAULT_MAX_THREADS, null, List.of(), false);
    }

    /**
     * Parses {@code --name value} and {@code --name=value} options.
     *
     * @throws BadOption with a one-line message naming the option and what was wrong with it
     */
    public static DemoOptions parse(String... args) throws BadOption {
        DemoOptions options = defaults();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return new DemoOptions(
                        options.duration,
                        options.rate,
                        options.maxHeapUsedBytes,
                        options.maxThreads,
                        options.csv,
                        options.lookAt,
                        true);
            }
            if (!arg.startsWith("--")) {
                throw new BadOption("unexpected argument \"" + arg + "\" (options start with --)");
            }
            String name = arg;
            String value;
            int equals = arg.indexOf('=');
            if (equals >= 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                value = null;
            }
            DemoOptions o = options;
            options = switch (name) {
                case "--duration" ->
                    new DemoOptions(
                            duration(required(name, value)),
                            o.rate,
                            o.maxHeapUsedBytes,
                            o.maxThreads,
                            o.csv,
                            o.lookAt,
                            false);
                case "--rate" ->
                    new DemoOptions(
                            o.duration,
                            rate(required(name, value)),
                            o.maxHeapUsedBytes,
                            o.maxThreads,
                            o.csv,
                            o.lookAt,
                            false);
                case "--max-heap-used" ->
                    new DemoOptions(
                            o.duration, o.rate, heapSize(required(name, value)), o.maxThreads, o.csv, o.lookAt, false);
                case "--max-threads" ->
                    new DemoOptions(
                            o.duration,
                            o.rate,
                            o.maxHeapUsedBytes,
                            maxThreads(required(name, value)),
                            o.csv,
                            o.lookAt,
                            false);
                case "--csv" ->
                    new DemoOptions(
                            o.duration,
                            o.rate,
                            o.maxHeapUsedBytes,
                            o.maxThreads,
                            csv(required(name, value)),
                            o.lookAt,
                            false);
                case "--look-at" ->
                    new DemoOptions(
                            o.duration,
                            o.rate,
                            o.maxHeapUsedBytes,
                            o.maxThreads,
                            o.csv,
                            lookAt(required(name, value)),
                            false);
                default -> throw new BadOption("unknown option " + name);
            };
        }
        return options;
    }

    /**
     * The usage text, one option a line.
     *
     * @param command the demo's name, as the user types it
     * @param rateMeaning what {@code --rate} counts, e.g. "sessions opened and closed per second"
     */
    public static String usage(String command, String rateMeaning) {
        return String.join(
                System.lineSeparator(),
                "usage: " + command + " [--duration TIME] [--rate N] [--max-heap-used SIZE] [--max-threads N]"
                        + " [--csv FILE] [--look-at N,M...] [--help]",
                "  --duration TIME       how long to run, e.g. 30s, 2m (default " + seconds(DEFAULT_DURATION) + ")",
                "  --rate N              " + rateMeaning + ", 1 to " + MAX_RATE + " (default " + DEFAULT_RATE + ")",
                "  --max-heap-used SIZE  stop early once the heap used after a GC passes SIZE, e.g. 64m, 1g"
                        + " (default " + (DEFAULT_MAX_HEAP_USED >> 20) + "m)",
                "  --max-threads N       stop early once the JVM has more than N live threads, " + MIN_THREADS + " to "
                        + MAX_THREADS + " (default " + DEFAULT_MAX_THREADS + ")",
                "  --csv FILE            also write the gauge to FILE, one row per second",
                "  --look-at N,M...      pause after N operations (and after M...) for a look with jcmd;"
                        + " Enter goes on, the end of input (Ctrl-D) stops",
                "  --help                print this and exit");
    }

    private static String required(String name, String value) throws BadOption {
        if (value == null || value.isBlank()) {
            throw new BadOption(name + " needs a value");
        }
        return value.strip();
    }

    static Duration duration(String text) throws BadOption {
        Matcher m = TIME.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new BadOption("--duration: expected a time such as 30s, 2m or 1h, got \"" + text + "\"");
        }
        long amount = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        if (d.compareTo(MIN_DURATION) < 0 || d.compareTo(MAX_DURATION) > 0) {
            throw new BadOption("--duration: " + text + " is outside 1s to 24h (the gauge ticks once a second)");
        }
        return d;
    }

    static int maxThreads(String text) throws BadOption {
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BadOption("--max-threads: expected a whole number, got \"" + text + "\"");
        }
        if (n < MIN_THREADS || n > MAX_THREADS) {
            throw new BadOption("--max-threads: " + n + " is outside " + MIN_THREADS + " to " + MAX_THREADS);
        }
        return n;
    }

    static int rate(String text) throws BadOption {
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BadOption("--rate: expected a whole number, got \"" + text + "\"");
        }
        if (n < 1 || n > MAX_RATE) {
            throw new BadOption("--rate: " + n + " is outside 1 to " + MAX_RATE);
        }
        return n;
    }

    static long heapSize(String text) throws BadOption {
        Matcher m = SIZE.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new BadOption("--max-heap-used: expected a size such as 64m or 1g, got \"" + text + "\"");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        long amount = Long.parseLong(m.group(1));
        if (amount > (Long.MAX_VALUE >> shift)) {
            throw new BadOption("--max-heap-used: " + text + " is too large");
        }
        long bytes = amount << shift;
        if (bytes < MIN_HEAP_USED) {
            throw new BadOption("--max-heap-used: " + text + " is below 1m");
        }
        return bytes;
    }

    static List<Long> lookAt(String text) throws BadOption {
        List<Long> points = new ArrayList<>();
        for (String part : text.split(",")) {
            long n;
            try {
                n = Long.parseLong(part.strip());
            } catch (NumberFormatException e) {
                throw new BadOption("--look-at: expected operation counts such as 100,500, got \"" + text + "\"");
            }
            if (n < 1 || (!points.isEmpty() && n <= points.get(points.size() - 1))) {
                throw new BadOption("--look-at: " + text + " must be counts above 0, each above the one before");
            }
            points.add(n);
        }
        return List.copyOf(points);
    }

    static Path csv(String text) throws BadOption {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new BadOption("--csv: not a file name: \"" + text + "\"");
        }
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }

    /** Bad input on the command line; the message is one line meant for the user. */
    public static final class BadOption extends Exception {
        public BadOption(String message) {
            super(message);
        }
    }
}
