package leaklab.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a scenario's workload live, in a JVM of its own, so a reader can watch it leak (or not) and
 * look inside with jcmd. The run:
 * <ol>
 *   <li>prints its pid and the jcmd commands worth trying;</li>
 *   <li>calls the operation {@code --rate} times a second, evenly spaced, on the main thread;</li>
 *   <li>prints one {@link Gauge} line a second (and a CSV row with {@code --csv});</li>
 *   <li>stops after {@code --duration}, or earlier at the {@link HeapCap}, and prints how every
 *       figure moved.</li>
 * </ol>
 * Bad input never gets a stack trace: {@link #parseOrExit} prints one line and the usage, and
 * exits with code 2.
 */
public final class LiveDemo {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final String name;
    private final String rateMeaning;
    /** jcmd commands worth trying while the demo runs, each with the question it answers. */
    private final Map<String, String> questions = new LinkedHashMap<>();
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    /**
     * @param name the demo's name, as the usage shows it
     * @param rateMeaning what {@code --rate} counts, e.g. "sessions opened and closed per second"
     */
    public LiveDemo(String name, String rateMeaning) {
        this.name = name;
        this.rateMeaning = rateMeaning;
        questions.put("Thread.print", "which threads are there, and where do they wait?");
        questions.put("GC.class_histogram", "which classes have the most instances?");
    }

    /**
     * Sets the question a jcmd command answers for this demo ({@code Thread.print} and
     * {@code GC.class_histogram} are always listed), or adds a command to the list.
     */
    public LiveDemo ask(String jcmdCommand, String question) {
        questions.put(jcmdCommand, question);
        return this;
    }

    /**
     * The options, or the process ends here: {@code --help} prints the usage and exits 0; bad input
     * prints one line, the usage, and exits 2.
     */
    public DemoOptions parseOrExit(String... args) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (DemoOptions.BadOption e) {
            throw exitWithUsage(e.getMessage());
        }
        if (options.help()) {
            out.println(DemoOptions.usage(name, rateMeaning));
            System.exit(0);
        }
        long maxHeap = Runtime.getRuntime().maxMemory();
        if (options.maxHeapUsedBytes() >= maxHeap) {
            throw exitWithUsage("--max-heap-used " + Gauge.bytes(options.maxHeapUsedBytes())
                    + " is not below the heap this JVM may grow to (" + Gauge.bytes(maxHeap)
                    + "); lower it or raise -Xmx");
        }
        if (options.csv() != null) {
            // Find out now, not after the first second, whether the file can be written.
            try {
                Path parent = options.csv().toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.newBufferedWriter(options.csv(), StandardCharsets.UTF_8).close();
            } catch (IOException | RuntimeException e) {
                throw exitWithUsage("--csv: cannot write " + options.csv() + " ("
                        + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            }
        }
        return options;
    }

    /** Runs {@code operation} at the chosen rate until a stop condition, printing the gauge. */
    public void run(DemoOptions options, Gauge gauge, Runnable operation) {
        HeapCap cap = new HeapCap(options.maxHeapUsedBytes());
        printIntro(options, cap, gauge);
        try (BufferedWriter csv = options.csv() == null ? null
                : Files.newBufferedWriter(options.csv(), StandardCharsets.UTF_8)) {
            if (csv != null) {
                csv.write(gauge.csvHeader());
                csv.newLine();
            }
            long opInterval = SECOND / options.rate();
            long start = System.nanoTime();
            long nextOp = start;
            long nextSample = start;
            long seconds = 0;
            Gauge.Sample first = null;
            while (true) {
                long now = System.nanoTime();
                if (now - nextSample >= 0) {
                    // A second passed: show the figures, then decide whether to go on.
                    Gauge.Sample sample = gauge.sample(seconds);
                    first = first == null ? sample : first;
                    out.println(gauge.line(sample));
                    if (csv != null) {
                        csv.write(gauge.csvRow(sample));
                        csv.newLine();
                        csv.flush();
                    }
                    String stopReason = stopReason(options, cap, seconds);
                    if (stopReason != null) {
                        printSummary(options, cap, gauge, first, sample, stopReason);
                        return;
                    }
                    seconds++;
                    nextSample += SECOND;
                } else if (now - nextOp >= 0) {
                    operation.run();
                    // Fallen more than a second behind (a GC pause, a slow machine): skip, don't burst.
                    nextOp = Math.max(nextOp + opInterval, now - SECOND);
                } else {
                    LockSupport.parkNanos(Math.min(nextOp - now, nextSample - now));
                }
            }
        } catch (IOException e) {
            err.println(name + ": cannot write the gauge to " + options.csv() + ": " + e.getMessage());
        }
    }

    private void printIntro(DemoOptions options, HeapCap cap, Gauge gauge) {
        long pid = ProcessHandle.current().pid();
        out.printf("%s (pid %d): %d %s, for %d s or until the heap used after a GC passes %s"
                        + " or the live threads pass %d.%n",
                name, pid, options.rate(), rateMeaning, options.duration().toSeconds(), Gauge.bytes(cap.capBytes()),
                options.maxThreads());
        out.println("Look inside from another terminal while it runs:");
        Map<String, String> shown = new LinkedHashMap<>(questions);
        if (nativeMemoryTrackingOn()) {
            shown.putIfAbsent("VM.native_memory summary", "where does the memory outside the heap go?");
        }
        shown.forEach((command, question) -> out.printf("  jcmd %d %-25s %s%n", pid, command, question));
        out.println();
        out.println(gauge.header());
    }

    /** Why the run stops after this second, or {@code null} to go on. */
    private static String stopReason(DemoOptions options, HeapCap cap, long seconds) {
        OptionalLong heapAfterGc = cap.exceeded();
        if (heapAfterGc.isPresent()) {
            return String.format("the heap used after a GC, %s, passed the %s cap",
                    Gauge.bytes(heapAfterGc.getAsLong()), Gauge.bytes(cap.capBytes()));
        }
        // A thread leak may never fill the heap: each thread costs stack and kernel memory instead.
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        if (threads > options.maxThreads()) {
            return String.format("the live threads, %d, passed the %d cap", threads, options.maxThreads());
        }
        return seconds >= options.duration().toSeconds() ? "as --duration asked" : null;
    }

    private void printSummary(DemoOptions options, HeapCap cap, Gauge gauge, Gauge.Sample first, Gauge.Sample last,
                              String stopReason) {
        out.println();
        out.printf("Stopped after %d s, %s.%n", last.seconds(), stopReason);
        out.println("From the first line to the last: " + gauge.change(first, last) + ".");
        if (cap.gcsRequested() > 0) {
            out.printf("(The heap cap asked for %d full GC(s) to tell garbage from what stays reachable.)%n",
                    cap.gcsRequested());
        }
        if (options.csv() != null) {
            out.printf("The gauge is in %s, one row per second.%n", options.csv());
        }
    }

    private RuntimeException exitWithUsage(String message) {
        err.println(name + ": " + message);
        err.println(DemoOptions.usage(name, rateMeaning));
        System.exit(2);
        return new IllegalStateException("unreachable: System.exit returned");
    }

    private static boolean nativeMemoryTrackingOn() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(arg -> arg.startsWith("-XX:NativeMemoryTracking=") && !arg.endsWith("=off"));
    }
}
