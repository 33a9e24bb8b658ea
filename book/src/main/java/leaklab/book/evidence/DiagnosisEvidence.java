package leaklab.book.evidence;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import leaklab.catalog.ExpectedVerdict;
import leaklab.catalog.Scenario;
import leaklab.catalog.ScenarioCatalog;
import leaklab.catalog.Side;

/**
 * Measures what the diagnosis chapter shows, while the book builds, beside the scenario chapters
 * and under the same {@link JvmSlots}. Four runs, each in JVMs of its own, at once:
 * <ul>
 *   <li><em>heap</em>: the leaking demo of the first scenario whose descriptor expects a heap leak
 *       (the timer), recorded by Flight Recorder from its start (old objects with their paths to GC
 *       roots, thread starts) and looked at twice with {@code GC.run} and {@code GC.heap_info} (the
 *       live heap in bytes) and at the last lines of its GC log ({@code -Xlog:gc}); the recording is
 *       dumped at the second look and printed with {@code jfr print}, and the demo runs on while
 *       {@code ./diagnose <pid>} samples it;</li>
 *   <li><em>thread</em>: the leaking demo of the first scenario that expects a thread leak, its live
 *       threads counted before and after {@code GC.run} at two looks, then {@code ./diagnose <pid>};</li>
 *   <li><em>specimen</em>: {@code leaklab.book.diagnosis.ExecutorPerCall}, a pool per call: its
 *       {@code pool-N-thread-M} threads, {@code GC.class_histogram -all} against the live histogram,
 *       and a heap dump for {@code ./diagnose --heap-dump};</li>
 *   <li><em>resources</em>: {@code leaklab.book.diagnosis.ResourceRelease}, what releases each JDK
 *       resource that is forgotten, on this JDK; then {@code ./diagnose --help}, for the tool's
 *       defaults the text quotes.</li>
 * </ul>
 * The demos run at a modest rate, far from their caps. A demo's tool needs a second JVM slot:
 * it is asked for as the demo starts ({@link SlotAhead}), and the demo waits for it paused at its
 * last look, leaking nothing meanwhile. A run's later JVMs (the tool on a dump, {@code jfr}) reuse
 * its slot once its first JVM has ended. When each run got its slots and reached its steps is
 * written to {@code diagnosis/timing.txt} in the work folder. Everything lands in the evidence folder as
 * {@code diagnosis-...}: the outputs (each {@code .txt} with its {@code -print.txt} twin), the
 * resources' table ({@code diagnosis-resources.adoc}) and the figures the text quotes
 * ({@code diagnosis-facts.adoc}). A measurement that contradicts the chapter (a verdict the
 * descriptor does not expect, a live heap that does not grow, a close that releases nothing) fails
 * the build.
 */
final class DiagnosisEvidence implements ChapterEvidence {

    static final String CHAPTER = "diagnosis";
    /** Operations a second for both demos: a leak plain within seconds, far from the demos' caps. */
    static final int RATE = 25;

    static final long FIRST_LOOK = 25;
    static final long SECOND_LOOK = 75;
    /** How long {@code ./diagnose} samples a demo. */
    static final String WINDOW = "4s";
    /** The calls {@code ExecutorPerCall} makes, each with a pool of its own. */
    static final int CALLS = 40;

    private static final Duration LIMIT = Duration.ofMinutes(3);
    private static final Pattern GAUGE_LINE = Pattern.compile("(?m)^\\s*\\d+s\\s");
    private static final Pattern JAVA_THREAD = Pattern.compile("^\"[^\"]*\" #\\d+");
    private static final Pattern POOL_THREAD = Pattern.compile("^\"(pool-\\d+-thread-\\d+)\"");
    /** The JVM option the heap demo logs its collections with, as the chapter tells a reader to. */
    static final String GC_LOG_OPTION = "-Xlog:gc:file=gc.log";
    /** A collection's line in that log: the heap in use before, after, and what is committed. */
    private static final Pattern GC_LOG_PAUSE = Pattern.compile(" Pause .* (\\d+[KMG])->(\\d+[KMG])\\((\\d+[KMG])\\) ");
    /** What the chapter quotes of {@code ./diagnose --help}. */
    private static final Pattern HELP_DURATION =
            Pattern.compile("--duration TIME .* (\\d+)s to (\\d+)m \\(default (\\d+)s\\)");

    private static final Pattern HELP_MAX_DUMP = Pattern.compile("--max-dump SIZE .*\\(default (\\d+[kmg])\\)");
    private static final Pattern HISTOGRAMS = Pattern.compile("(?m)^diagnose: sampling .*: (\\d+) class histograms");
    private static final String SPECIMEN_MAIN = "leaklab.book.diagnosis.ExecutorPerCall";
    private static final String PROBE_MAIN = "leaklab.book.diagnosis.ResourceRelease";
    /** The classes the specimen's two histograms are compared on, as a reader greps them. */
    static final String SPECIMEN_GREP = "ReportCall$|ThreadPoolExecutor |java.lang.Thread ";

    private final Scenario heapScenario;
    private final Scenario threadScenario;
    private final EvidenceOptions options;
    private final Jdk jdk;
    private final JvmSlots slots;
    private final DiagnoseTool tool;
    private final EvidenceOutput output;
    private final EvidenceInputs inputs;
    /** When each run got its slots and reached its steps, for the timing report in the work folder. */
    private final Queue<String> marks = new ConcurrentLinkedQueue<>();

    private final Map<String, String> timing = new ConcurrentSkipListMap<>();
    private long start = System.nanoTime();

    DiagnosisEvidence(ScenarioCatalog catalog, EvidenceOptions options, Jdk jdk, JvmSlots slots) {
        this.heapScenario = expecting(catalog, ExpectedVerdict.HEAP_LEAK);
        this.threadScenario = expecting(catalog, ExpectedVerdict.THREAD_LEAK);
        this.options = options;
        this.jdk = jdk;
        this.slots = slots;
        this.tool = new DiagnoseTool(options.projectRoot(), jdk, slots);
        this.output = new EvidenceOutput(options.out(), CHAPTER, MachinePaths.of(options.projectRoot(), jdk.home()));
        // The tool's code, the specimen's and the probe's (in the book's classes), and the two demos.
        this.inputs = EvidenceInputs.of(
                CHAPTER,
                List.of(heapScenario, threadScenario),
                List.of("diagnosis/src/main", "diagnosis/pom.xml", "diagnose"),
                options,
                jdk);
    }

    @Override
    public boolean upToDate() {
        return inputs.upToDate();
    }

    private static Scenario expecting(ScenarioCatalog catalog, String kind) {
        return catalog.all().stream()
                .filter(s -> s.expectedVerdict().map(v -> v.kind().equals(kind)).orElse(false))
                .findFirst()
                .orElseThrow(
                        () -> new EvidenceException("the diagnosis chapter runs ./diagnose against a scenario whose"
                                + " leaking demo it expects to be a " + kind + " (diagnose.verdict = " + kind
                                + "), and the"
                                + " catalog has none"));
    }

    @Override
    public String name() {
        return CHAPTER;
    }

    /** The heap run: the live heap at two looks, the recording up to the second, then the tool. */
    record HeapRun(
            long pid,
            String heapInfo1,
            String heapInfo2,
            String gcLog1,
            String gcLog2,
            DiagnoseTool.Result diagnose,
            String jfrPrint) {}

    /** The thread run: live threads before and after GC.run at two looks, then the tool. */
    record ThreadRun(long pid, String uptime, long[] before, long[] after, DiagnoseTool.Result diagnose) {}

    /** The specimen: its thread dump, its two histograms, and the tool on its heap dump. */
    record SpecimenRun(
            String threadDump, String histogramAll, String histogramLive, String gcLog, DiagnoseTool.Result dump) {}

    /** The resources run: the probe's table, then the tool's help. */
    record ResourcesRun(String probe, DiagnoseTool.Result help) {}

    @Override
    public void measureAndWrite(ExecutorService runs) throws IOException {
        inputs.forget();
        output.deleteOld();
        start = System.nanoTime();
        Future<HeapRun> heap = runs.submit(() -> timed("heap", this::heapRun));
        Future<ThreadRun> threads = runs.submit(() -> timed("thread", this::threadRun));
        Future<SpecimenRun> specimen = runs.submit(() -> timed("specimen", this::specimenRun));
        Future<ResourcesRun> resources = runs.submit(() -> timed("resources", this::resourcesRun));
        write(await(heap), await(threads), await(specimen), await(resources));
        Files.createDirectories(work(""));
        Files.writeString(
                work("").resolve("timing.txt"),
                String.join("\n", timing.values()) + "\n\n" + String.join("\n", marks) + "\n");
        inputs.remember();
    }

    // ---- the runs ------------------------------------------------------------------------------

    /** Notes that a run reached a step, for the timing report. */
    private void mark(String what) {
        marks.add(String.format(Locale.ROOT, "%6.1f s  %s", (System.nanoTime() - start) / 1e9, what));
    }

    /** Runs one of the runs, and notes when it started and ended, for the timing report. */
    private <T> T timed(String run, Supplier<T> work) {
        long from = System.nanoTime();
        try {
            return work.get();
        } finally {
            timing.put(
                    run,
                    String.format(
                            Locale.ROOT,
                            "%-10s from %5.1f s to %5.1f s",
                            run,
                            (from - start) / 1e9,
                            (System.nanoTime() - start) / 1e9));
        }
    }

    private HeapRun heapRun() {
        Scenario s = heapScenario;
        Path dir = work("heap");
        Path recording = dir.resolve("leak.jfr");
        String what = "the leaking " + s.name() + " demo";
        return slots.whileAlive(() -> {
            mark("heap: the demo's JVM slot");
            HeapRun sampled;
            try (SlotAhead toolSlot = new SlotAhead(slots, "./diagnose against " + what)) {
                // The recording runs from the start to the second look, so that the heap holds what it keeps
                // at both looks, and it is over before the tool starts its own.
                List<String> recorded = List.of(
                        "-XX:StartFlightRecording=name=leak,settings=profile,path-to-gc-roots=true", GC_LOG_OPTION);
                Path gcLog = dir.resolve("gc.log");
                try (LiveProcess demo = startDemo(what, s, dir, recorded)) {
                    mark("heap: demo started");
                    demo.await(look(1), "its first look");
                    String first = slots.whileBusy(() -> {
                        jcmd(demo, "GC.run", what);
                        return jcmd(demo, "GC.heap_info", what);
                    });
                    String gcLog1 = lastPauses(gcLog);
                    demo.send("");
                    demo.await(look(2), "its second look");
                    String[] gcLog2 = new String[1];
                    String second = slots.whileBusy(() -> {
                        jcmd(demo, "GC.run", what);
                        String heapInfo = jcmd(demo, "GC.heap_info", what);
                        gcLog2[0] = lastPauses(gcLog);
                        jcmd(demo, "JFR.dump name=leak filename=" + recording, what);
                        jcmd(demo, "JFR.stop name=leak", what);
                        return heapInfo;
                    });
                    mark("heap: looks taken");
                    sampled = new HeapRun(
                            demo.pid(),
                            first,
                            second,
                            gcLog1,
                            gcLog2[0],
                            sampleWithTool(demo, what, dir, "heap", toolSlot),
                            null);
                }
            }
            // The demo has ended: its slot serves the JDK's jfr tool.
            String jfr = jfrPrint(recording, dir);
            mark("heap: recording printed");
            return new HeapRun(
                    sampled.pid(),
                    sampled.heapInfo1(),
                    sampled.heapInfo2(),
                    sampled.gcLog1(),
                    sampled.gcLog2(),
                    sampled.diagnose(),
                    jfr);
        });
    }

    private ThreadRun threadRun() {
        Scenario s = threadScenario;
        Path dir = work("thread");
        String what = "the leaking " + s.name() + " demo";
        return slots.whileAlive(() -> {
            mark("thread: the demo's JVM slot");
            try (SlotAhead toolSlot = new SlotAhead(slots, "./diagnose against " + what);
                    LiveProcess demo = startDemo(what, s, dir, List.of())) {
                mark("thread: demo started");
                long[] before = new long[2];
                long[] after = new long[2];
                String[] uptime = new String[1];
                for (int look = 1; look <= 2; look++) {
                    if (look > 1) {
                        demo.send("");
                    }
                    demo.await(look(look), "its look " + look);
                    int i = look - 1;
                    slots.whileBusy(() -> {
                        if (i == 0) {
                            // The first jcmd starts the JVM's Attach Listener thread: one more, once.
                            uptime[0] = jcmd(demo, "VM.uptime", what);
                        }
                        before[i] = tasks(demo.pid());
                        jcmd(demo, "GC.run", what);
                        after[i] = tasks(demo.pid());
                        return null;
                    });
                }
                mark("thread: looks taken");
                return new ThreadRun(
                        demo.pid(), uptime[0], before, after, sampleWithTool(demo, what, dir, "thread", toolSlot));
            }
        });
    }

    /**
     * With the demo paused at its last look: waits for the tool's JVM slot, asked for when the demo
     * started (the demo stays paused meanwhile, so it leaks nothing more), then lets the demo run on
     * and samples it with {@code ./diagnose}.
     */
    private DiagnoseTool.Result sampleWithTool(
            LiveProcess demo, String what, Path dir, String run, SlotAhead toolSlot) {
        toolSlot.await();
        mark(run + ": the tool's JVM slot");
        demo.send(""); // runs on, for the tool to sample
        DiagnoseTool.Result result = tool.run(
                "./diagnose against " + what, dir, List.of(Long.toString(demo.pid()), "--duration", WINDOW), LIMIT);
        mark(run + ": tool done");
        return result;
    }

    private SpecimenRun specimenRun() {
        Path dir = work("specimen");
        Path dump = dir.resolve("specimen.hprof");
        String what = "the ExecutorPerCall specimen";
        // Under -XX:+DisableExplicitGC, which GC.run does not obey (its log shows it collected).
        List<String> command = List.of(
                jdk.java().toString(),
                "-Xmx64m",
                "-XX:+DisableExplicitGC",
                GC_LOG_OPTION,
                "-cp",
                options.launcherClasses().toString(),
                SPECIMEN_MAIN,
                Integer.toString(CALLS));
        return slots.whileAlive(() -> {
            mark("specimen: a JVM slot");
            String[] taken;
            slots.busyStart();
            try (LiveProcess specimen = LiveProcess.start(what, command, dir, LIMIT)) {
                specimen.await(Pattern.compile("(?m)^ready after " + CALLS + " calls$"), "that its calls are made");
                deleteIfExists(dump);
                taken = new String[] {
                    jcmd(specimen, "Thread.print", what),
                    // -all first: it collects nothing, so the garbage is still there to be counted.
                    jcmd(specimen, "GC.class_histogram -all", what),
                    jcmd(specimen, "GC.class_histogram", what),
                    jcmd(specimen, "GC.heap_dump " + dump, what),
                    jcmd(specimen, "GC.run", what),
                    lastPauses(dir.resolve("gc.log"))
                };
                specimen.closeInput();
                int exit = specimen.awaitExit();
                if (exit != 0) {
                    throw specimen.failure("ended with exit code " + exit);
                }
            } finally {
                slots.busyEnd();
            }
            // The specimen has ended: its slot serves the tool.
            DiagnoseTool.Result analysed = tool.run(
                    "./diagnose --heap-dump on the specimen's dump",
                    dir,
                    List.of("--heap-dump", dump.getFileName().toString(), "--class", "java.lang.Thread"),
                    LIMIT);
            mark("specimen: dump analysed");
            deleteIfExists(dump);
            return new SpecimenRun(taken[0], taken[1], taken[2], taken[5], analysed);
        });
    }

    private ResourcesRun resourcesRun() {
        Path dir = work("resources");
        List<String> command = List.of(
                jdk.java().toString(),
                "-Xmx64m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                options.launcherClasses().toString(),
                PROBE_MAIN);
        return slots.whileAlive(() -> {
            String probe = slots.whileBusy(
                    () -> Processes.run("the resource release probe", command, dir, dir.resolve("probe.txt"), LIMIT));
            // The probe has ended: its slot serves the tool, which only prints its options.
            return new ResourcesRun(probe, tool.run("./diagnose --help", dir, List.of("--help"), LIMIT));
        });
    }

    /**
     * What {@code grep Pause gc.log | tail -2} prints now: the last two collections the demo logged, the
     * last of them the {@code GC.run} just made.
     */
    private static String lastPauses(Path gcLog) {
        List<String> pauses = Processes.read(gcLog)
                .lines()
                .filter(line -> line.contains("Pause"))
                .toList();
        if (pauses.isEmpty()) {
            throw new EvidenceException(
                    "the leaking demo's GC log (" + GC_LOG_OPTION + ") has no collection after" + " jcmd GC.run");
        }
        return String.join("\n", pauses.subList(Math.max(0, pauses.size() - 2), pauses.size())) + "\n";
    }

    private LiveProcess startDemo(String what, Scenario s, Path dir, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(jdk.java().toString());
        command.addAll(options.demoJvmOptions());
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-cp",
                classpath(s),
                s.demoMain(),
                "--rate",
                Integer.toString(RATE),
                "--duration",
                "10m",
                "--look-at",
                FIRST_LOOK + "," + SECOND_LOOK));
        slots.busyStart(); // a JVM start is the busy part of a demo's life, until its first gauge line
        try {
            LiveProcess demo = LiveProcess.start(what, command, dir, LIMIT);
            try {
                demo.await(GAUGE_LINE, "its first gauge line");
            } catch (RuntimeException e) {
                demo.close();
                throw e;
            }
            return demo;
        } finally {
            slots.busyEnd();
        }
    }

    private static Pattern look(int n) {
        return Pattern.compile("(?m)^look " + n + " of 2: paused after (\\d+) operations");
    }

    private static String jcmd(LiveProcess target, String command, String what) {
        return Attach.jcmd(target.handle(), command, what);
    }

    /** What {@code ls /proc/<pid>/task | wc -l} prints: the process's threads, as the kernel counts them. */
    private static long tasks(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.count();
        } catch (IOException e) {
            throw new EvidenceException(
                    "cannot count the threads of process " + pid + " in /proc: " + e.getMessage(), e);
        }
    }

    private String jfrPrint(Path recording, Path dir) {
        Path jfr = jdk.home().resolve("bin").resolve("jfr");
        if (!Files.isExecutable(jfr)) {
            throw new EvidenceException("the diagnosis chapter reads a recording with the JDK's jfr tool, and "
                    + jdk.home() + " has no bin/jfr: point JAVA_HOME at a full JDK 17 or newer");
        }
        List<String> command =
                List.of(jfr.toString(), "print", "--events", "OldObjectSample,ThreadStart", recording.toString());
        return slots.whileBusy(() -> Processes.run("jfr print", command, dir, dir.resolve("jfr-print.txt"), LIMIT));
    }

    private String classpath(Scenario s) {
        Path module = s.module(Side.LEAKING);
        Path file = module.resolve("target/test.classpath");
        if (!Files.isRegularFile(file)) {
            throw new EvidenceException("the leaking " + s.name() + " demo: "
                    + options.projectRoot().relativize(module)
                    + " has no target/test.classpath; the book builds its scenarios first: ./mvnw -q package -pl book");
        }
        return module.resolve("target/classes")
                + File.pathSeparator
                + Processes.read(file).strip();
    }

    private Path work(String run) {
        return options.work().resolve(CHAPTER).resolve(run);
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T await(Future<T> run) {
        try {
            return run.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EvidenceException evidence) {
                throw evidence;
            }
            throw new EvidenceException("a measured run failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvidenceException("interrupted while waiting for the measured runs", e);
        }
    }

    // ---- what the chapter includes -------------------------------------------------------------

    private void write(HeapRun heap, ThreadRun threads, SpecimenRun specimen, ResourcesRun resources)
            throws IOException {
        Map<String, String> facts = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        int cores = Runtime.getRuntime().availableProcessors();
        facts.put("diagnosis-jdk", Jdk.version());
        facts.put(
                "diagnosis-measured",
                "measured while this book was built: JDK " + Jdk.version() + ", " + cores + " cores");
        facts.put("diagnosis-rate", Integer.toString(RATE));
        facts.put("diagnosis-window", WINDOW);
        facts.put("diagnosis-look-1-after", Long.toString(FIRST_LOOK));
        facts.put("diagnosis-look-2-after", Long.toString(SECOND_LOOK));
        facts.put("diagnosis-looks-apart", Long.toString(SECOND_LOOK - FIRST_LOOK));
        writeHeap(heap, facts, problems);
        writeThreads(threads, facts, problems);
        writeSpecimen(specimen, facts, problems);
        writeResources(resources.probe(), facts, problems);
        writeHelp(resources.help(), facts, problems);
        if (!problems.isEmpty()) {
            throw new EvidenceException("the diagnosis chapter's measurements do not say what its text says:\n  - "
                    + String.join("\n  - ", problems) + "\nTry the tool by hand: ./run-demo scenarios/"
                    + heapScenario.name() + " in one terminal, ./diagnose " + heapScenario.demoMain() + " in another");
        }
        output.writeFacts(facts, DiagnosisEvidence.class);
    }

    private void writeHeap(HeapRun heap, Map<String, String> facts, List<String> problems) throws IOException {
        Scenario s = heapScenario;
        String ops = s.operations();
        facts.put("diagnosis-heap-scenario", s.name());
        facts.put("diagnosis-heap-main", s.demoMain());
        facts.put("diagnosis-heap-operation", s.operation());
        facts.put("diagnosis-heap-operations", ops);
        facts.put(
                "diagnosis-heap-suspect-expected",
                s.expectedVerdict().orElseThrow().suspect());
        output.writeText(
                "diagnosis-heap-info",
                "$ jcmd <pid> GC.run                # after " + FIRST_LOOK + " " + ops
                        + "\n$ jcmd <pid> GC.heap_info\n" + heap.heapInfo1().stripTrailing() + "\n$ jcmd <pid> GC.run"
                        + "                # after " + SECOND_LOOK + " " + ops + "\n$ jcmd <pid> GC.heap_info\n"
                        + heap.heapInfo2().stripTrailing() + "\n");
        long used1 = HeapInfo.usedBytes(heap.heapInfo1());
        long used2 = HeapInfo.usedBytes(heap.heapInfo2());
        facts.put("diagnosis-heap-used-look-1", Units.bytes(used1));
        facts.put("diagnosis-heap-used-look-2", Units.bytes(used2));
        facts.put("diagnosis-heap-used-per-op", Units.bytes((used2 - used1) / (double) (SECOND_LOOK - FIRST_LOOK)));
        if (used2 <= used1) {
            problems.add("the live heap of the leaking " + s.name() + " demo did not grow between the looks ("
                    + Units.bytes(used1) + ", then " + Units.bytes(used2) + " after GC.run)");
        }
        writeGcLog(heap, facts, problems);
        writeDiagnose("diagnosis-heap", heap.diagnose(), heap.pid(), s, facts, problems);
        if (heap.diagnose().exit() == 1 && problems.isEmpty()) {
            // The chapter shows this demo's step 6 as the answer "nothing piles up".
            String descriptors = DiagnoseReport.split(heap.diagnose().out()).getOrDefault("file-descriptors", "");
            if (Pattern.compile("(?m)^\\s+\\+[1-9]").matcher(descriptors).find()) {
                problems.add("./diagnose found open files piling up in the leaking " + s.name() + " demo, where the"
                        + " chapter shows its step 6 as nothing piling up:\n" + descriptors);
            }
        }
        Matcher histograms = HISTOGRAMS.matcher(heap.diagnose().err());
        if (histograms.find()) {
            facts.put("diagnosis-tool-histograms", histograms.group(1));
        } else {
            problems.add("./diagnose did not say how many class histograms it takes (\"diagnose: sampling ...: N class"
                    + " histograms\"): " + Processes.tail(heap.diagnose().err(), 3));
        }
        writeJfr(heap.jfrPrint(), facts);
    }

    /** The last lines of the heap demo's GC log at each look, and the figures of its last collection. */
    private void writeGcLog(HeapRun heap, Map<String, String> facts, List<String> problems) throws IOException {
        String ops = heapScenario.operations();
        String grep = "$ grep Pause gc.log | tail -2          # after ";
        output.writeText(
                "diagnosis-gc-log",
                grep + FIRST_LOOK + " " + ops + " and a GC.run\n" + heap.gcLog1() + grep + SECOND_LOOK + " " + ops
                        + " and a GC.run\n" + heap.gcLog2());
        for (String log : List.of(heap.gcLog1(), heap.gcLog2())) {
            String[] lines = log.strip().split("\n");
            if (!lines[lines.length - 1].contains("Pause Full (Diagnostic Command)")) {
                problems.add("the last collection in the leaking " + heapScenario.name() + " demo's GC log right after"
                        + " jcmd GC.run is not the one GC.run made (Diagnostic Command): " + lines[lines.length - 1]);
            }
        }
        String[] lines = heap.gcLog2().strip().split("\n");
        Matcher last = GC_LOG_PAUSE.matcher(lines[lines.length - 1]);
        if (!last.find()) {
            problems.add("the last collection in the leaking " + heapScenario.name() + " demo's GC log has no"
                    + " before->after(committed) figures: " + lines[lines.length - 1]);
            return;
        }
        facts.put("diagnosis-gc-log-before", last.group(1));
        facts.put("diagnosis-gc-log-after", last.group(2));
        facts.put("diagnosis-gc-log-committed", last.group(3));
        facts.put("diagnosis-gc-log-unit", last.group(2).substring(last.group(2).length() - 1));
        facts.put("diagnosis-gc-log-option", GC_LOG_OPTION);
    }

    /** The tool's defaults, as its {@code --help} prints them. */
    private void writeHelp(DiagnoseTool.Result help, Map<String, String> facts, List<String> problems) {
        String text = help.out() + help.err();
        Matcher duration = HELP_DURATION.matcher(text);
        Matcher maxDump = HELP_MAX_DUMP.matcher(text);
        if (help.exit() != 0 || !duration.find() || !maxDump.find()) {
            problems.add("./diagnose --help (exit code " + help.exit() + ") does not print the --duration range and"
                    + " default and the --max-dump default the text quotes: " + Processes.tail(text, 12));
            return;
        }
        facts.put("diagnosis-tool-duration-min", duration.group(1) + " s");
        facts.put("diagnosis-tool-duration-max", duration.group(2) + " min");
        facts.put("diagnosis-tool-duration", duration.group(3) + " s");
        String size = maxDump.group(1);
        facts.put(
                "diagnosis-tool-max-dump",
                size.substring(0, size.length() - 1) + " "
                        + switch (size.charAt(size.length() - 1)) {
                            case 'k' -> "KiB";
                            case 'm' -> "MiB";
                            default -> "GiB";
                        });
    }

    private void writeThreads(ThreadRun run, Map<String, String> facts, List<String> problems) throws IOException {
        Scenario s = threadScenario;
        String ops = s.operations();
        facts.put("diagnosis-thread-scenario", s.name());
        facts.put("diagnosis-thread-main", s.demoMain());
        facts.put("diagnosis-thread-operation", s.operation());
        facts.put("diagnosis-thread-operations", ops);
        facts.put(
                "diagnosis-thread-suspect-expected",
                s.expectedVerdict().orElseThrow().suspect());
        StringBuilder text = new StringBuilder();
        long[] at = {FIRST_LOOK, SECOND_LOOK};
        text.append("$ jcmd <pid> VM.uptime              # the first jcmd starts the JVM's Attach Listener thread\n")
                .append(run.uptime().strip())
                .append('\n');
        for (int i = 0; i < 2; i++) {
            text.append("$ ls /proc/<pid>/task | wc -l     # after ")
                    .append(at[i])
                    .append(' ')
                    .append(ops)
                    .append('\n')
                    .append(run.before()[i])
                    .append('\n')
                    .append("$ jcmd <pid> GC.run\nCommand executed successfully\n")
                    .append("$ ls /proc/<pid>/task | wc -l\n")
                    .append(run.after()[i])
                    .append('\n');
            facts.put("diagnosis-thread-tasks-look-" + (i + 1) + "-before", Long.toString(run.before()[i]));
            facts.put("diagnosis-thread-tasks-look-" + (i + 1) + "-after", Long.toString(run.after()[i]));
        }
        output.writeText("diagnosis-thread-counts", text.toString());
        double apart = SECOND_LOOK - FIRST_LOOK;
        facts.put(
                "diagnosis-thread-tasks-per-op-before",
                ScenarioEvidence.perOperation((run.before()[1] - run.before()[0]) / apart, false));
        facts.put(
                "diagnosis-thread-tasks-per-op-after",
                ScenarioEvidence.perOperation((run.after()[1] - run.after()[0]) / apart, false));
        if (run.after()[1] <= run.after()[0]) {
            problems.add(
                    "the threads of the leaking " + s.name() + " demo did not grow between the looks after GC.run ("
                            + run.after()[0] + ", then " + run.after()[1] + ")");
        }
        writeDiagnose("diagnosis-thread", run.diagnose(), run.pid(), s, facts, problems);
    }

    /** The tool's transcript, whole and cut at its steps, and its verdict checked against the descriptor. */
    private void writeDiagnose(
            String prefix,
            DiagnoseTool.Result result,
            long pid,
            Scenario s,
            Map<String, String> facts,
            List<String> problems)
            throws IOException {
        if (result.exit() != 1) {
            problems.add("./diagnose against the leaking " + s.name() + " demo ended with exit code " + result.exit()
                    + " (1 is \"a leak found\"): " + Processes.tail(result.err() + result.out(), 10));
            return;
        }
        Map<String, String> parts;
        try {
            parts = DiagnoseReport.split(result.out());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return;
        }
        String command = "$ ./diagnose " + pid + " "
                + String.join(" ", result.args().subList(1, result.args().size()));
        output.writeText(prefix + "-diagnose", command + "\n" + result.err() + result.out());
        output.writeText(
                prefix + "-diagnose-start",
                command + "\n" + result.err() + parts.get("header") + "\n" + parts.get("classify"));
        for (Map.Entry<String, String> part : parts.entrySet()) {
            if (!part.getKey().equals("header")) {
                output.writeText(prefix + "-diagnose-" + part.getKey(), part.getValue());
            }
        }
        String kind = DiagnoseReport.verdictKind(result.out());
        String suspect = DiagnoseReport.suspect(result.out());
        facts.put(prefix + "-verdict", kind);
        facts.put(prefix + "-suspect", suspect);
        facts.put(prefix + "-exit", Integer.toString(result.exit()));
        ExpectedVerdict expected = s.expectedVerdict().orElseThrow();
        boolean suspectFits = kind.equals(ExpectedVerdict.THREAD_LEAK)
                ? suspect.startsWith(expected.suspect())
                : suspect.equals(expected.suspect());
        if (!kind.equals(expected.kind()) || !suspectFits) {
            problems.add(
                    "./diagnose found \"" + kind + ": " + suspect + "\" in the leaking " + s.name() + " demo, where"
                            + " its descriptor expects \"" + expected.kind() + ": " + expected.suspect() + "\"");
        }
    }

    /** One old-object sample and one thread start, as {@code jfr print} printed them, and their counts. */
    private void writeJfr(String jfrPrint, Map<String, String> facts) throws IOException {
        List<JfrEvents.Event> events = JfrEvents.parse(jfrPrint);
        List<JfrEvents.Event> samples = events.stream()
                .filter(e -> e.type().equals("jdk.OldObjectSample"))
                .toList();
        String suspect = heapScenario.expectedVerdict().orElseThrow().suspect();
        Predicate<JfrEvents.Event> ofSuspect =
                e -> e.chain().stream().anyMatch(hop -> hop.endsWith(" " + suspect) || hop.equals(suspect));
        List<JfrEvents.Event> suspects = samples.stream().filter(ofSuspect).toList();
        facts.put("diagnosis-jfr-old-samples", Integer.toString(samples.size()));
        facts.put("diagnosis-jfr-old-samples-suspect", Integer.toString(suspects.size()));
        // The sampled object itself is the chain's first line, without a field.
        facts.put(
                "diagnosis-jfr-old-samples-suspect-itself",
                Long.toString(samples.stream()
                        .filter(e -> !e.chain().isEmpty() && e.chain().get(0).equals(suspect))
                        .count()));
        List<JfrEvents.Event> shown = suspects.isEmpty() ? samples : suspects;
        if (!shown.isEmpty()) {
            // The one with the longest chain: the most to read, root last.
            JfrEvents.Event sample = shown.stream()
                    .max(Comparator.comparingInt(e -> e.chain().size()))
                    .orElseThrow();
            output.writeText("diagnosis-jfr-old-object", sample.text());
            facts.put("diagnosis-jfr-old-object-shown", "");
            facts.put(
                    "diagnosis-jfr-old-object-class",
                    sample.chain().isEmpty() ? "?" : sample.chain().get(0));
            // The sampled object itself is the chain's first line, without a field.
            if (!sample.chain().isEmpty() && sample.chain().get(0).equals(suspect)) {
                facts.put("diagnosis-jfr-old-object-is-suspect", "");
            }
            facts.put("diagnosis-jfr-old-object-root", sample.rootDescription().orElse("(none)"));
            facts.put(
                    "diagnosis-jfr-old-object-root-system",
                    sample.rootField("system").orElse("(none)"));
            facts.put(
                    "diagnosis-jfr-old-object-root-type",
                    sample.rootField("type").orElse("(none)"));
        }
        if (!suspects.isEmpty()) {
            facts.put("diagnosis-jfr-suspect-sampled", "");
        }
        List<JfrEvents.Event> starts =
                events.stream().filter(e -> e.type().equals("jdk.ThreadStart")).toList();
        facts.put("diagnosis-jfr-thread-starts", Integer.toString(starts.size()));
        Map<String, List<JfrEvents.Event>> byPattern = new LinkedHashMap<>();
        for (JfrEvents.Event start : starts) {
            start.threadName("thread")
                    .ifPresent(name -> byPattern
                            .computeIfAbsent(name.replaceAll("\\d+", "N"), p -> new ArrayList<>())
                            .add(start));
        }
        byPattern.entrySet().stream()
                .max(Comparator.comparingInt(e -> e.getValue().size()))
                .ifPresent(top -> {
                    facts.put("diagnosis-jfr-thread-starts-pattern", top.getKey());
                    facts.put(
                            "diagnosis-jfr-thread-starts-of-pattern",
                            Integer.toString(top.getValue().size()));
                    try {
                        output.writeText(
                                "diagnosis-jfr-thread-start",
                                top.getValue().get(top.getValue().size() - 1).text());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private void writeSpecimen(SpecimenRun run, Map<String, String> facts, List<String> problems) throws IOException {
        facts.put("diagnosis-specimen-calls", Integer.toString(CALLS));
        List<String> pools = new ArrayList<>();
        int javaThreads = 0;
        for (String line : run.threadDump().split("\\R")) {
            Matcher pool = POOL_THREAD.matcher(line);
            if (pool.find()) {
                pools.add("\"" + pool.group(1) + "\"");
            }
            if (JAVA_THREAD.matcher(line).find()) {
                javaThreads++;
            }
        }
        String grep = "$ jcmd <pid> Thread.print | grep -o '^\"pool-[^\"]*\"'";
        output.writeText(
                "diagnosis-pool-threads",
                grep + " | head -3\n"
                        + String.join("\n", pools.subList(0, Math.min(3, pools.size()))) + "\n" + grep + " | tail -2\n"
                        + String.join("\n", pools.subList(Math.max(0, pools.size() - 2), pools.size())) + "\n");
        facts.put("diagnosis-specimen-pool-threads", Integer.toString(pools.size()));
        facts.put("diagnosis-specimen-java-threads", Integer.toString(javaThreads));
        if (pools.size() != CALLS || !pools.get(pools.size() - 1).equals("\"pool-" + CALLS + "-thread-1\"")) {
            problems.add("ExecutorPerCall made " + CALLS + " calls and its thread dump has " + pools.size()
                    + " pool threads, the last " + (pools.isEmpty() ? "none" : pools.get(pools.size() - 1)));
        }

        Pattern grepped = Pattern.compile(SPECIMEN_GREP);
        String grepLine = " | grep -E '" + SPECIMEN_GREP + "'\n";
        output.writeText(
                "diagnosis-histogram-all",
                "$ jcmd <pid> GC.class_histogram -all" + grepLine
                        + matching(run.histogramAll(), grepped) + "$ jcmd <pid> GC.class_histogram" + grepLine
                        + matching(run.histogramLive(), grepped));
        ClassHistogram all = ClassHistogram.parse(run.histogramAll());
        ClassHistogram live = ClassHistogram.parse(run.histogramLive());
        String call = SPECIMEN_MAIN + "$ReportCall";
        String executor = "java.util.concurrent.ThreadPoolExecutor";
        facts.put("diagnosis-specimen-calls-all", Long.toString(all.instancesOf(call)));
        facts.put("diagnosis-specimen-calls-live", Long.toString(live.instancesOf(call)));
        facts.put("diagnosis-specimen-executors-all", Long.toString(all.instancesOf(executor)));
        facts.put("diagnosis-specimen-executors-live", Long.toString(live.instancesOf(executor)));
        facts.put("diagnosis-specimen-thread-objects", Long.toString(live.instancesOf("java.lang.Thread")));
        if (all.instancesOf(call) != CALLS || live.instancesOf(call) != 0 || live.instancesOf(executor) != CALLS) {
            problems.add(
                    "ExecutorPerCall's histograms: -all counts " + all.instancesOf(call) + " ReportCall and the live"
                            + " histogram " + live.instancesOf(call) + " (" + CALLS
                            + " and 0 expected: a GC in between?), with "
                            + live.instancesOf(executor) + " live pools (" + CALLS + " expected)");
        }
        long started = live.instancesOf("java.lang.Thread") - CALLS;
        facts.put("diagnosis-specimen-thread-objects-started", Long.toString(started));
        facts.put("diagnosis-specimen-subclass-threads", Long.toString(javaThreads - started));
        if (started < pools.size() || started > javaThreads) {
            problems.add("ExecutorPerCall's live histogram counts " + live.instancesOf("java.lang.Thread")
                    + " java.lang.Thread: less its " + CALLS + " shutdown hooks, " + started
                    + ", where the chapter says"
                    + " they are live threads: at least its " + pools.size() + " pool threads, at most its "
                    + javaThreads
                    + " Java threads");
        }
        String[] gcLog = run.gcLog().strip().split("\n");
        String gcRun = gcLog[gcLog.length - 1].replaceFirst("^\\[[^]]*]\\[[^]]*]\\[[^]]*] ", "");
        // Escaped, so that the text shows the log's arrow as the log prints it.
        facts.put("diagnosis-specimen-gc-run-line", gcRun.replace("->", "\\->"));
        if (!gcRun.contains("Pause Full (Diagnostic Command)")) {
            problems.add("ExecutorPerCall runs under -XX:+DisableExplicitGC, and the last line of its GC log after a"
                    + " GC.run is not the full collection the chapter says GC.run makes all the same: " + gcRun);
        }

        DiagnoseTool.Result dump = run.dump();
        if (dump.exit() != 0) {
            problems.add("./diagnose --heap-dump on the specimen's dump ended with exit code " + dump.exit() + ": "
                    + Processes.tail(dump.err() + dump.out(), 10));
        } else {
            output.writeText(
                    "diagnosis-heap-dump",
                    "$ ./diagnose " + String.join(" ", dump.args()) + "\n" + dump.err() + dump.out());
        }
    }

    /** The lines {@code grep -E} would print. */
    private static String matching(String text, Pattern pattern) {
        StringBuilder out = new StringBuilder();
        text.lines()
                .filter(line -> pattern.matcher(line).find())
                .forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    private void writeResources(String probe, Map<String, String> facts, List<String> problems) throws IOException {
        List<ReleaseTable.Row> rows;
        try {
            rows = ReleaseTable.parse(probe);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return;
        }
        problems.addAll(ReleaseTable.problems(rows));
        output.writeFile("diagnosis-resources.adoc", ReleaseTable.asciidoc(rows));
        facts.put("diagnosis-resources", Integer.toString(rows.size()));
        facts.put(
                "diagnosis-resources-released-by-gc",
                Long.toString(
                        rows.stream().filter(ReleaseTable.Row::releasedByGc).count()));
        facts.put(
                "diagnosis-resources-gcs",
                Integer.toString(
                        rows.stream().mapToInt(ReleaseTable.Row::gcs).max().orElse(0)));
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (ReleaseTable.Row row : rows) {
            String slug = Slugs.of(row.opened().replaceFirst("\\(.*$", ""));
            int n = seen.merge(slug, 1, Integer::sum);
            // An attribute's value is not formatted where it is used: the words without their code marks.
            facts.put(
                    "diagnosis-release-" + slug + (n == 1 ? "" : "-" + n),
                    row.released().replace("`+", "").replace("+`", ""));
        }
    }
}
