package leaklab.demo;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Runs a scenario's workload live, in a JVM of its own, so a reader can watch it leak (or not) and
 * look inside with jcmd. The run:
 * <ol>
 *   <li>prints its pid and the jcmd commands worth trying;</li>
 *   <li>calls the operation {@code --rate} times a second, evenly spaced, on the main thread;</li>
 *   <li>prints one {@link Gauge} line a second (and a CSV row with {@code --csv});</li>
 *   <li>with {@code --look-at 100,500}, pauses after 100 and after 500 operations, so that a look
 *       with jcmd sees the workload at a known point, and goes on when a line arrives on standard
 *       input; the end of standard input stops the run (that is how the book's build ends a demo
 *       after its last look);</li>
 *   <li>stops after {@code --duration}, earlier at the {@link HeapCap}, the thread cap, the
 *       {@link FileCap} (half the process's limit of open files) or a cap of the demo's own
 *       ({@link #capAfterGc}), or on Ctrl-C, and prints the figures that decide, with a verdict in
 *       words.</li>
 * </ol>
 * Bad input never gets a stack trace: {@link #parseOrExit} prints one line and the usage, and
 * exits with code 2.
 */
public final class LiveDemo {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long FILE_CHECK_INTERVAL = TimeUnit.MILLISECONDS.toNanos(20);
    /** What a look prints when the workload pauses; the book's evidence waits for it. */
    static final String LOOK_LINE = "look %d of %d: paused after %d operations";

    private final String name;
    private final String rateMeaning;
    private final String operation;
    /** jcmd commands worth trying while the demo runs, each with the question it answers. */
    private final Map<String, String> questions = new LinkedHashMap<>();

    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    /** Caps of the demo's own, besides the heap and thread caps. */
    private final List<Cap> caps = new ArrayList<>();

    private boolean capsBeforeEveryOperation;
    private boolean figuresAfterGc;

    /**
     * @param name the demo's name, as the usage shows it
     * @param rateMeaning what {@code --rate} counts, e.g. "sessions opened per second"
     * @param operation one operation, as the verdict names it: "session"
     */
    public LiveDemo(String name, String rateMeaning, String operation) {
        this.name = name;
        this.rateMeaning = rateMeaning;
        this.operation = operation;
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
     * Adds a cap of the demo's own on memory the heap cap does not see, such as direct buffers: the
     * run stops once {@code bytes} stays above {@code capBytes} after a full GC. Like the heap cap, it
     * is judged on what stays: when the figure passes the cap, a GC is asked for, and the figure has
     * up to a second to fall back (a direct buffer's memory goes back when its cleaner has run,
     * after the GC that found the buffer unreachable).
     *
     * @param what the figure, as the messages name it: "the direct buffers' capacity"
     */
    public LiveDemo capAfterGc(String what, LongSupplier bytes, long capBytes) {
        caps.add(new Cap(what, bytes, capBytes));
        return this;
    }

    /**
     * Checks every cap before every operation, not only once a second: for a workload that holds so
     * much per operation (a frame of a MiB) that one second at a high {@code --rate} could fill the
     * heap, or the direct memory, before the next check.
     */
    public LiveDemo checkCapsBeforeEveryOperation() {
        capsBeforeEveryOperation = true;
        return this;
    }

    /**
     * Takes every line of figures after a full GC, once the cleaners it let run have run: for a leak
     * whose garbage only a collection frees, such as direct buffers, in a demo that allocates too
     * little on the heap for the JVM to collect often. Each line then shows what stays, as the heap
     * after a GC does, and the fixed side's garbage does not read as growth.
     */
    public LiveDemo figuresAfterGc() {
        figuresAfterGc = true;
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
    public void run(DemoOptions options, Gauge gauge, Runnable workload) {
        AtomicLong done = new AtomicLong();
        gauge.withOperations(done::get);
        Run run = new Run(options, gauge);
        // Ctrl-C (SIGINT) or a kill (SIGTERM): the summary is what the reader came for.
        Thread summaryOnExit = new Thread(() -> run.finish("interrupted (Ctrl-C or a signal)"), "demo summary");
        Runtime.getRuntime().addShutdownHook(summaryOnExit);
        HeapCap cap = new HeapCap(options.maxHeapUsedBytes());
        FileCap files = FileCap.ofThisProcess();
        printIntro(options, cap, files, gauge);
        try (BufferedWriter csv =
                options.csv() == null ? null : Files.newBufferedWriter(options.csv(), StandardCharsets.UTF_8)) {
            run.csv = csv;
            if (csv != null) {
                csv.write(gauge.csvHeader());
                csv.newLine();
            }
            long opInterval = SECOND / options.rate();
            long start = System.nanoTime();
            long nextOp = start;
            long nextSample = start;
            long nextFileCheck = start;
            long seconds = 0;
            int look = 0;
            Input input = null;
            boolean paused = false;
            while (true) {
                long now = System.nanoTime();
                if (now - nextSample >= 0) {
                    // A second passed: show the figures, then decide whether to go on.
                    run.record(sample(gauge, seconds));
                    String stopReason = stopReason(options, cap, files, seconds);
                    if (stopReason != null) {
                        run.finish(stopReason);
                        break;
                    }
                    seconds++;
                    nextSample += SECOND;
                } else if (paused) {
                    String line = input.next(Math.max(1, nextSample - now));
                    if (line == Input.END) {
                        run.finish("the end of standard input asked it to stop");
                        break;
                    }
                    if (line != null) {
                        paused = false;
                        nextOp = System.nanoTime(); // go on at the rate, not with a burst for the pause
                    }
                } else if (now - nextOp >= 0) {
                    String capReason = capsBeforeEveryOperation ? capReason(cap) : null;
                    if (capReason != null) {
                        run.record(sample(gauge, seconds)); // the figures the cap stopped at
                        run.finish(capReason);
                        break;
                    }
                    workload.run();
                    long ops = done.incrementAndGet();
                    // Open files are checked more often than once a second: at a high rate a leak
                    // would pass the process's limit within the second.
                    if (now - nextFileCheck >= 0) {
                        nextFileCheck = now + FILE_CHECK_INTERVAL;
                        String tooManyFiles = tooManyFiles(files);
                        if (tooManyFiles != null) {
                            run.record(sample(gauge, seconds));
                            run.finish(tooManyFiles);
                            break;
                        }
                    }
                    // Fallen more than a second behind (a GC pause, a slow machine): skip, don't burst.
                    nextOp = Math.max(nextOp + opInterval, now - SECOND);
                    if (look < options.lookAt().size()
                            && ops == options.lookAt().get(look)) {
                        look++;
                        input = input == null ? Input.start() : input;
                        paused = true;
                        run.record(sample(gauge, seconds)); // the figures at the look itself
                        run.say(String.format(LOOK_LINE, look, options.lookAt().size(), ops)
                                + ": look inside now; Enter goes on, the end of input (Ctrl-D) stops.");
                    }
                } else {
                    LockSupport.parkNanos(Math.min(nextOp - now, nextSample - now));
                }
            }
        } catch (IOException e) {
            err.println(name + ": cannot write the gauge to " + options.csv() + ": " + e.getMessage());
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(summaryOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook prints the summary
            }
        }
    }

    /** The gauge now; after a full GC and its cleaners if {@link #figuresAfterGc()} asked for it. */
    private Gauge.Sample sample(Gauge gauge, long seconds) {
        if (figuresAfterGc) {
            FullGc.collectAndAwaitCleaners();
        }
        return gauge.sample(seconds);
    }

    /** A cap of the demo's own: {@link #capAfterGc}. */
    private record Cap(String what, LongSupplier bytes, long capBytes) {

        /** Why the run stops, or {@code null} if the figure is within the cap, after a GC if need be. */
        String exceeded() {
            if (bytes.getAsLong() <= capBytes) {
                return null;
            }
            long after = FullGc.afterCollecting(bytes, capBytes);
            return after <= capBytes
                    ? null
                    : String.format(
                            "%s, %s after a GC, passed the %s cap", what, Gauge.bytes(after), Gauge.bytes(capBytes));
        }
    }

    /**
     * The samples the verdict reads, at most {@value #KEPT} of them, copied into rows allocated with
     * the first: when they are full, every other one is dropped and the rest are kept at half the
     * rate. A demo must not itself grow with time, or the tools it is there to be looked at with
     * (a class histogram, ./diagnose) would find that out instead of the scenario's leak.
     */
    private static final int KEPT = 128;

    /** The run's samples and its one summary, shared with the shutdown hook. */
    private final class Run {
        private final DemoOptions options;
        private final Gauge gauge;
        /** Each row: the second, then the values. */
        private long[][] rows;

        private int kept;
        private long recorded;
        private long keepEvery = 1;
        private Gauge.Sample first;
        private long lastSecond;
        private long[] lastValues;
        private BufferedWriter csv;
        private boolean finished;

        Run(DemoOptions options, Gauge gauge) {
            this.options = options;
            this.gauge = gauge;
        }

        synchronized void record(Gauge.Sample sample) throws IOException {
            if (finished) {
                return;
            }
            if (rows == null) {
                first = sample;
                rows = new long[KEPT][sample.values().length + 1];
                lastValues = new long[sample.values().length];
            }
            lastSecond = sample.seconds();
            System.arraycopy(sample.values(), 0, lastValues, 0, lastValues.length);
            if (recorded++ % keepEvery == 0) {
                if (kept == KEPT) {
                    for (int i = 1; i < KEPT / 2; i++) {
                        System.arraycopy(rows[2 * i], 0, rows[i], 0, rows[i].length);
                    }
                    kept = KEPT / 2;
                    keepEvery *= 2;
                }
                rows[kept][0] = sample.seconds();
                System.arraycopy(sample.values(), 0, rows[kept], 1, lastValues.length);
                kept++;
            }
            out.println(gauge.line(sample));
            if (csv != null) {
                csv.write(gauge.csvRow(sample));
                csv.newLine();
                csv.flush();
            }
        }

        synchronized void say(String line) {
            if (!finished) {
                out.println(line);
                out.flush();
            }
        }

        synchronized void finish(String stopReason) {
            if (finished || first == null) {
                return;
            }
            finished = true;
            List<Gauge.Sample> samples = new ArrayList<>(kept + 1);
            for (int i = 0; i < kept; i++) {
                samples.add(new Gauge.Sample(rows[i][0], java.util.Arrays.copyOfRange(rows[i], 1, rows[i].length)));
            }
            Gauge.Sample last = new Gauge.Sample(lastSecond, lastValues.clone());
            if (rows[kept - 1][0] != last.seconds()) {
                samples.add(last);
            }
            out.println();
            out.printf("Stopped after %d s, %s.%n", last.seconds(), stopReason);
            out.println("From the first line to the last: " + gauge.change(first, last) + ".");
            out.println(gauge.verdict(samples, operation));
            if (options.csv() != null) {
                out.printf("The gauge is in %s, one row per second.%n", options.csv());
            }
            out.flush();
        }
    }

    /** Standard input, read by a thread of its own once the first look needs it. */
    private static final class Input {
        static final String END = new String("end of input");
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        static Input start() {
            Input input = new Input();
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader in =
                                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = in.readLine()) != null) {
                                input.lines.add(line);
                            }
                        } catch (IOException e) {
                            // treated as the end of input
                        }
                        input.lines.add(END);
                    },
                    "demo standard input");
            reader.setDaemon(true);
            reader.start();
            return input;
        }

        /** The next line, {@link #END}, or {@code null} if nothing came within {@code nanos}. */
        String next(long nanos) {
            try {
                return lines.poll(nanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return END;
            }
        }
    }

    private void printIntro(DemoOptions options, HeapCap cap, FileCap files, Gauge gauge) {
        long pid = ProcessHandle.current().pid();
        StringBuilder ownCaps = new StringBuilder();
        for (Cap own : caps) {
            ownCaps.append(", ")
                    .append(own.what())
                    .append(" after a GC passes ")
                    .append(Gauge.bytes(own.capBytes()));
        }
        String fileCap = files.cap() <= 0
                ? ""
                : String.format(
                        " or the open files pass %d (half this process's limit, %d)", files.cap(), files.limit());
        out.printf(
                "%s (pid %d): %d %s, for %d s or until the heap used after a GC passes %s%s"
                        + " or the live threads pass %d%s.%n",
                name,
                pid,
                options.rate(),
                rateMeaning,
                options.duration().toSeconds(),
                Gauge.bytes(cap.capBytes()),
                ownCaps,
                options.maxThreads(),
                fileCap);
        if (figuresAfterGc) {
            out.println("Each line of figures is taken after a full GC: it shows what stays, not garbage.");
        }
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
    private String stopReason(DemoOptions options, HeapCap cap, FileCap files, long seconds) {
        String capReason = capReason(cap);
        if (capReason != null) {
            return capReason;
        }
        // A thread leak may never fill the heap: each thread costs stack and kernel memory instead.
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        if (threads > options.maxThreads()) {
            return String.format("the live threads, %d, passed the %d cap", threads, options.maxThreads());
        }
        String tooManyFiles = tooManyFiles(files);
        if (tooManyFiles != null) {
            return tooManyFiles;
        }
        return seconds >= options.duration().toSeconds() ? "as --duration asked" : null;
    }

    /** Which memory cap the run has passed, or {@code null}: the heap's, then the demo's own. */
    private String capReason(HeapCap cap) {
        OptionalLong heapAfterGc = cap.exceeded();
        if (heapAfterGc.isPresent()) {
            return String.format(
                    "the heap used after a GC, %s, passed the %s cap",
                    Gauge.bytes(heapAfterGc.getAsLong()), Gauge.bytes(cap.capBytes()));
        }
        for (Cap own : caps) {
            String reason = own.exceeded();
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    /**
     * Why the run stops now for its open files, or {@code null}: a descriptor leak fills neither the
     * heap nor the thread table, and at the process's limit every new socket or file fails.
     */
    private static String tooManyFiles(FileCap files) {
        OptionalLong openFiles = files.exceeded();
        return openFiles.isEmpty()
                ? null
                : String.format(
                        "the open files, %d, passed %d, half this process's limit"
                                + " of %d (ulimit -n): at the limit every new file or socket fails with"
                                + " \"Too many open files\"",
                        openFiles.getAsLong(), files.cap(), files.limit());
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
