package leaklab.diagnose;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line. {@link #parse} is pure: bad input throws a {@link DiagnoseException} with
 * {@link Exit#USAGE} and a one-line message, and never exits.
 *
 * @param target the pid or main-class name of the JVM to diagnose; {@code null} with a heap dump
 * @param duration how long to sample the live JVM
 * @param json whether to print JSON instead of words
 * @param maxDumpBytes the largest live heap the tool dumps; above it, no dump (and no paths)
 * @param dump whether to take a heap dump at all
 * @param keep whether the heap dump stays after the run
 * @param heapDump an existing heap dump to analyse instead of a live JVM
 * @param className with a heap dump: the class whose instances to trace; {@code null} for the top classes
 * @param help whether {@code --help} was asked for
 */
record Options(
        String target,
        Duration duration,
        boolean json,
        long maxDumpBytes,
        boolean dump,
        boolean keep,
        Path heapDump,
        String className,
        boolean help) {

    static final Duration DEFAULT_DURATION = Duration.ofSeconds(20);
    static final Duration MIN_DURATION = Duration.ofSeconds(4);
    static final Duration MAX_DURATION = Duration.ofMinutes(10);
    static final long DEFAULT_MAX_DUMP = 512L << 20;

    private static final Pattern TIME = Pattern.compile("(\\d{1,6})(s|m)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,9})([kmg])");

    static final String USAGE = String.join(
            System.lineSeparator(),
            "usage: diagnose <pid | main class> [--duration TIME] [--json] [--max-dump SIZE | --no-dump] [--keep]",
            "       diagnose --heap-dump FILE.hprof [--class NAME] [--json]",
            "  --duration TIME   how long to sample the JVM, " + MIN_DURATION.toSeconds() + "s to "
                    + MAX_DURATION.toMinutes() + "m (default " + DEFAULT_DURATION.toSeconds() + "s)",
            "  --json            print the diagnosis as JSON instead of words",
            "  --max-dump SIZE   dump the heap only if its live part is at most SIZE, e.g. 512m, 2g (default "
                    + (DEFAULT_MAX_DUMP >> 20) + "m)",
            "  --no-dump         never dump the heap (the verdict then has no path from a GC root)",
            "  --keep            keep the heap dump and say where it is (by default it is deleted)",
            "  --heap-dump FILE  trace the paths from GC roots in an existing heap dump instead",
            "  --class NAME      with --heap-dump: the class to trace (default: the top classes by what they retain)",
            "  --help            print this and the exit codes");

    static Options parse(String... args) throws DiagnoseException {
        String target = null;
        Duration duration = DEFAULT_DURATION;
        boolean json = false;
        long maxDump = DEFAULT_MAX_DUMP;
        boolean dump = true;
        boolean keep = false;
        Path heapDump = null;
        String className = null;
        boolean durationGiven = false;
        boolean dumpOptionGiven = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> {
                    return new Options(null, duration, false, maxDump, dump, keep, null, null, true);
                }
                case "--json" -> json = true;
                case "--keep" -> {
                    keep = true;
                    dumpOptionGiven = true;
                }
                case "--no-dump" -> {
                    dump = false;
                    dumpOptionGiven = true;
                }
                case "--duration" -> {
                    duration = duration(value(args, ++i, arg));
                    durationGiven = true;
                }
                case "--max-dump" -> {
                    maxDump = size(value(args, ++i, arg));
                    dumpOptionGiven = true;
                }
                case "--heap-dump" -> heapDump = Path.of(value(args, ++i, arg));
                case "--class" -> className = value(args, ++i, arg);
                default -> {
                    if (arg.startsWith("-")) {
                        throw usage("unknown option " + arg);
                    }
                    if (target != null) {
                        throw usage("one JVM at a time: got \"" + target + "\" and \"" + arg + "\"");
                    }
                    target = arg;
                }
            }
        }
        if (heapDump != null) {
            if (target != null) {
                throw usage("--heap-dump analyses a file: give no pid or main class with it (got \"" + target + "\")");
            }
            if (durationGiven || dumpOptionGiven) {
                throw usage("--duration, --max-dump, --no-dump and --keep are for a live JVM, not for --heap-dump");
            }
        } else {
            if (className != null) {
                throw usage("--class goes with --heap-dump; against a live JVM the tool finds the class itself");
            }
            if (target == null) {
                throw usage("which JVM? give its pid or its main class (jcmd lists the JVMs you can attach to)");
            }
            if (!dump && keep) {
                throw usage("--keep keeps the heap dump, and --no-dump takes none: choose one");
            }
        }
        return new Options(target, duration, json, maxDump, dump, keep, heapDump, className, false);
    }

    private static String value(String[] args, int i, String option) throws DiagnoseException {
        if (i >= args.length || args[i].startsWith("--") || args[i].isBlank()) {
            throw usage(option + " needs a value");
        }
        return args[i].strip();
    }

    static Duration duration(String text) throws DiagnoseException {
        Matcher m = TIME.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw usage("--duration: expected a time such as 20s or 2m, got \"" + text + "\"");
        }
        long amount = Long.parseLong(m.group(1));
        Duration d = m.group(2).equals("s") ? Duration.ofSeconds(amount) : Duration.ofMinutes(amount);
        if (d.compareTo(MIN_DURATION) < 0 || d.compareTo(MAX_DURATION) > 0) {
            throw usage("--duration: " + text + " is outside " + MIN_DURATION.toSeconds() + "s to "
                    + MAX_DURATION.toMinutes() + "m (a leak is told from noise over several collections)");
        }
        return d;
    }

    static long size(String text) throws DiagnoseException {
        Matcher m = SIZE.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw usage("--max-dump: expected a size such as 512m or 2g, got \"" + text + "\"");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            default -> 30;
        };
        return Long.parseLong(m.group(1)) << shift;
    }

    private static DiagnoseException usage(String message) {
        return new DiagnoseException(Exit.USAGE, message);
    }
}
