package leaklab.book.evidence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import leaklab.catalog.Evidence;
import leaklab.catalog.Expectation;
import leaklab.catalog.Look;
import leaklab.catalog.Scenario;
import leaklab.catalog.Side;

/**
 * Measures one scenario while the book builds, from its descriptor alone, and writes what its
 * chapter includes. For each side, leaking and fixed, two runs in JVMs of their own: the module's
 * tests ({@link TestRun}: the chapter shows what each printed) and the live demo ({@link DemoRun}:
 * looked at with jcmd at the descriptor's points of the workload). Then, named
 * {@code <scenario>-<side>-...} in the evidence folder:
 * <ul>
 *   <li>{@code -console.txt}: what the demo printed; {@code -tests.txt} and {@code -test-<method>.txt}:
 *       each test's result and what it printed (Shark's traces, growth figures);</li>
 *   <li>{@code -histogram-diff.txt}: what the heap gained between the first look and the last,
 *       when they take {@code GC.class_histogram};</li>
 *   <li>{@code -threads.txt}, {@code -dump-groups.txt}: the last look's {@code Thread.print}, cut
 *       to the descriptor's threads, and grouped by name, state and frame;</li>
 *   <li>{@code -native-memory.txt}: {@code VM.native_memory summary} at the first and last look;</li>
 *   <li>{@code -fds.txt}: the demo's open file descriptors at the last look, grouped by kind and
 *       target, with its limit, when the looks take {@code fds};</li>
 *   <li>{@code <scenario>-gauge.svg}: both demos' gauges against operations done;</li>
 *   <li>{@code <scenario>-facts.adoc}: every figure the chapter quotes, as attributes.</li>
 * </ul>
 * Each {@code .txt} also has a {@code -print.txt} twin for the PDF's code font ({@link PrintGlyphs}).
 *
 * <p>The measurement must say what the descriptor says, or the build fails with a message that
 * names the scenario, the side and the figure: both sides' tests pass, the leaking side's tests
 * print a growth per operation, and each expectation holds between the first and the last look.
 */
final class ScenarioEvidence implements ChapterEvidence {

    /** A growth figure as leakcheck prints it: "+1.00 thread/op", "+32.0 KiB/op". */
    private static final Pattern GROWTH_FIGURE = Pattern.compile("[+-]\\d+(\\.\\d+)? ?\\S*/op\\b");

    private static final int HISTOGRAM_TOP = 8;
    private static final int PRINT_WIDTH = EvidenceOutput.PRINT_WIDTH;
    private static final Duration TESTS_LIMIT = Duration.ofMinutes(3);
    private static final Duration DEMO_LIMIT = Duration.ofMinutes(3);

    private final Scenario scenario;
    private final Evidence evidence;
    private final EvidenceOptions options;
    private final Jdk jdk;
    private final JvmSlots slots;
    private final EvidenceOutput output;
    private final EvidenceInputs inputs;

    ScenarioEvidence(Scenario scenario, EvidenceOptions options, Jdk jdk, JvmSlots slots) {
        this.scenario = scenario;
        this.evidence = scenario.evidence();
        this.options = options;
        this.jdk = jdk;
        this.slots = slots;
        this.output =
                new EvidenceOutput(options.out(), scenario.name(), MachinePaths.of(options.projectRoot(), jdk.home()));
        this.inputs = EvidenceInputs.of(scenario, options, jdk);
    }

    @Override
    public String name() {
        return scenario.name();
    }

    /** One side's two runs. */
    record Measured(Side side, DemoRun.Result demo, TestRun.Result tests) {}

    /** Runs both sides' tests and demos on {@code runs}, then checks and writes everything. */
    @Override
    public boolean upToDate() {
        return inputs.upToDate();
    }

    @Override
    public void measureAndWrite(ExecutorService runs) throws IOException {
        inputs.forget();
        output.deleteOld();
        Map<Side, Future<DemoRun.Result>> demos = new EnumMap<>(Side.class);
        Map<Side, Future<TestRun.Result>> tests = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            demos.put(side, runs.submit(() -> demo(side)));
            tests.put(side, runs.submit(() -> tests(side)));
        }
        Map<Side, Measured> measured = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            measured.put(side, new Measured(side, await(demos.get(side)), await(tests.get(side))));
        }
        write(measured.get(Side.LEAKING), measured.get(Side.FIXED));
        inputs.remember();
    }

    private DemoRun.Result demo(Side side) {
        List<String> command = new ArrayList<>(options.demoJvmOptions());
        command.addAll(evidence.jvmOptions());
        command.add("-cp");
        command.add(classpath(side));
        command.add(scenario.demoMain());
        // An upper bound only: the harness ends the demo after its last look, long before.
        command.addAll(List.of("--rate", Integer.toString(evidence.rate()), "--duration", "10m"));
        return new DemoRun(what(side, "demo"), jdk, work(side, "demo"), slots)
                .run(command, evidence.looks(), DEMO_LIMIT);
    }

    private TestRun.Result tests(Side side) {
        return new TestRun(what(side, "tests"), jdk, work(side, "tests"), slots)
                .run(scenario.module(side), options.launcherClasses(), options.testJvmOptions(), TESTS_LIMIT);
    }

    private String classpath(Side side) {
        Path module = scenario.module(side);
        Path file = module.resolve("target/test.classpath");
        if (!Files.isRegularFile(file)) {
            throw new EvidenceException(
                    what(side, "demo") + ": " + options.projectRoot().relativize(module)
                            + " has no target/test.classpath; the book builds its scenarios first: ./mvnw -q package -pl book");
        }
        return module.resolve("target/classes")
                + java.io.File.pathSeparator
                + Processes.read(file).strip();
    }

    private String what(Side side, String run) {
        return "the " + side + " " + scenario.name() + " " + run;
    }

    private Path work(Side side, String run) {
        return options.work().resolve(scenario.name()).resolve(side.word() + "-" + run);
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

    // ---- what the chapter includes ------------------------------------------------------------

    private void write(Measured leaking, Measured fixed) throws IOException {
        Map<String, String> facts = new LinkedHashMap<>();
        String name = scenario.name();
        int cores = Runtime.getRuntime().availableProcessors();
        facts.put(name + "-jdk", Jdk.version());
        facts.put(name + "-cores", Integer.toString(cores));
        facts.put(
                name + "-measured",
                "measured while this book was built: JDK " + Jdk.version() + ", " + cores + " cores");
        facts.put(name + "-rate", Integer.toString(evidence.rate()));
        facts.put(name + "-operation", scenario.operation());
        facts.put(name + "-operations", scenario.operations());
        for (Look look : evidence.looks()) {
            facts.put(name + "-look-" + look.number() + "-after", Long.toString(look.afterOperations()));
        }
        facts.put(
                name + "-looks-apart",
                Long.toString(evidence.lastLook().afterOperations()
                        - evidence.firstLook().afterOperations()));

        for (Measured side : List.of(leaking, fixed)) {
            writeTests(side, facts);
            writeDemo(side, facts);
            writeExpectations(side, facts);
        }
        List<String> problems = problems(scenario, leaking, fixed);
        if (!problems.isEmpty()) {
            throw new EvidenceException("the " + name + " scenario does not show what its descriptor ("
                    + options.projectRoot().relativize(scenario.descriptor()) + ") and its chapter say:\n  - "
                    + String.join("\n  - ", problems) + "\nRun its tests: ./mvnw test -pl scenarios/" + name
                    + ",fixes/" + name + "; its demos: ./run-demo scenarios/" + name + ", ./run-demo fixes/" + name);
        }
        output.writeFile(name + "-gauge.svg", GaugeSvg.of(scenario, leaking.demo(), fixed.demo()));
        output.writeFacts(facts, ScenarioEvidence.class);
    }

    private void writeTests(Measured side, Map<String, String> facts) throws IOException {
        String prefix = scenario.name() + "-" + side.side().word();
        TestRun.Result tests = side.tests();
        facts.put(prefix + "-tests-run", Integer.toString(tests.run()));
        facts.put(prefix + "-tests-passed", Integer.toString(tests.passed()));
        StringBuilder list = new StringBuilder();
        tests.results().values().forEach(result -> list.append(result).append('\n'));
        output.writeText(prefix + "-tests", list.toString());
        for (Map.Entry<String, String> test : tests.printed().entrySet()) {
            String text = test.getValue().isBlank() ? "(this test printed nothing)\n" : test.getValue();
            output.writeText(prefix + "-test-" + test.getKey(), text);
        }
    }

    private void writeDemo(Measured side, Map<String, String> facts) throws IOException {
        String prefix = scenario.name() + "-" + side.side().word();
        DemoRun.Result demo = side.demo();
        output.writeText(prefix + "-console", demo.console(), PrintGlyphs.gaugeWidth(demo.console(), PRINT_WIDTH));
        GaugeCsv gauge = demo.gauge();
        facts.put(prefix + "-seconds", Long.toString(gauge.lastSecond()));
        long from = evidence.firstLook().afterOperations();
        long to = evidence.lastLook().afterOperations();
        for (String column : gauge.columns()) {
            if (column.equals("seconds")) {
                continue;
            }
            String c = prefix + "-" + Slugs.of(column);
            boolean bytes = column.endsWith("Bytes");
            long[] values = gauge.column(column);
            facts.put(c + "-first", format(values[0], bytes));
            facts.put(c + "-last", format(values[values.length - 1], bytes));
            for (Look look : evidence.looks()) {
                facts.put(
                        c + "-look-" + look.number(),
                        format(gauge.valueAtOperations(column, look.afterOperations()), bytes));
            }
            facts.put(c + "-per-op", perOperation(gauge.perOperation(column, from, to), bytes));
        }
        Look first = evidence.firstLook();
        Look last = evidence.lastLook();
        if (first.takes("GC.class_histogram") && last.takes("GC.class_histogram")) {
            writeHistograms(prefix, demo, facts);
        }
        if (last.takes("Thread.print")) {
            writeThreadDumps(prefix, demo, facts);
        }
        if (first.takes(NATIVE_MEMORY) && last.takes(NATIVE_MEMORY)) {
            writeNativeMemory(prefix, demo, facts);
        }
        if (last.takes(Look.FDS)) {
            writeFileDescriptors(prefix, demo, facts);
        }
    }

    /** {@code ls -l /proc/<pid>/fd} at the last look, grouped, and the counts by kind at every look. */
    private void writeFileDescriptors(String prefix, DemoRun.Result demo, Map<String, String> facts)
            throws IOException {
        ProcessFiles last =
                ProcessFiles.parse(required(demo, evidence.lastLook().number(), Look.FDS));
        output.writeText(
                prefix + "-fds",
                "$ ls -l /proc/<pid>/fd      # after " + evidence.lastLook().afterOperations() + " "
                        + scenario.operations() + ", grouped by kind and target\n" + last.grouped(12));
        facts.put(prefix + "-fds-limit", last.limit().replaceAll("^Max open files\\s+(\\d+|unlimited).*$", "$1"));
        Set<String> kinds = new LinkedHashSet<>(List.of("all"));
        kinds.addAll(last.countByKind().keySet());
        for (Look look : evidence.looks()) {
            if (!look.takes(Look.FDS)) {
                continue;
            }
            ProcessFiles at = ProcessFiles.parse(required(demo, look.number(), Look.FDS));
            for (String kind : kinds) {
                facts.put(prefix + "-fds-" + Slugs.of(kind) + "-look-" + look.number(), Long.toString(at.count(kind)));
            }
        }
        if (evidence.firstLook().takes(Look.FDS)) {
            ProcessFiles first =
                    ProcessFiles.parse(required(demo, evidence.firstLook().number(), Look.FDS));
            long apart =
                    evidence.lastLook().afterOperations() - evidence.firstLook().afterOperations();
            for (String kind : kinds) {
                facts.put(
                        prefix + "-fds-" + Slugs.of(kind) + "-per-op",
                        perOperation((last.count(kind) - first.count(kind)) / (double) apart, false));
            }
        }
    }

    private void writeHistograms(String prefix, DemoRun.Result demo, Map<String, String> facts) throws IOException {
        long apart =
                evidence.lastLook().afterOperations() - evidence.firstLook().afterOperations();
        List<ClassHistogram> histograms = new ArrayList<>();
        for (Look look : evidence.looks()) {
            if (look.takes("GC.class_histogram")) {
                ClassHistogram histogram = histogram(demo, look.number());
                histograms.add(histogram);
                facts.put(prefix + "-live-heap-look-" + look.number(), Units.bytes(histogram.totalBytes()));
            }
        }
        ClassHistogram first = histograms.get(0);
        ClassHistogram last = histograms.get(histograms.size() - 1);
        facts.put(prefix + "-live-heap-per-op", Units.bytes((last.totalBytes() - first.totalBytes()) / (double) apart));
        output.writeText(
                prefix + "-histogram-diff",
                ClassHistogram.formatGrowth(first, last, HISTOGRAM_TOP, evidence.histogramClasses()));
        Set<String> classes = new LinkedHashSet<>(evidence.histogramClasses());
        evidence.expectations().stream()
                .filter(e -> e.kind() == Expectation.Kind.HISTOGRAM_INSTANCES
                        || e.kind() == Expectation.Kind.HISTOGRAM_BYTES)
                .forEach(e -> classes.add(e.subject()));
        for (String cls : classes) {
            String c = prefix + "-histogram-" + Slugs.ofClass(cls);
            for (Look look : evidence.looks()) {
                if (look.takes("GC.class_histogram")) {
                    facts.put(
                            c + "-look-" + look.number(),
                            Long.toString(histogram(demo, look.number()).instancesOf(cls)));
                }
            }
            long added = last.instancesOf(cls) - first.instancesOf(cls);
            facts.put(c + "-added", Long.toString(added));
            facts.put(c + "-per-op", perOperation(added / (double) apart, false));
            facts.put(c + "-bytes-per-op", Units.bytes((bytesOf(last, cls) - bytesOf(first, cls)) / (double) apart));
        }
    }

    private void writeThreadDumps(String prefix, DemoRun.Result demo, Map<String, String> facts) throws IOException {
        ThreadDump last = threadDump(demo, evidence.lastLook().number());
        List<String> prefixes = evidence.threads();
        output.writeText(prefix + "-threads", last.excerpt(List.of(), prefixes, 1));
        output.writeText(prefix + "-dump-groups", last.formatGroups(prefixes, appPackage()));
        facts.put(prefix + "-dump-threads", Integer.toString(last.threads().size()));
        for (String threads : prefixes) {
            String t = prefix + "-dump-" + Slugs.of(threads);
            facts.put(t + "-count", Integer.toString(last.named(threads).size()));
            facts.put(
                    t + "-where",
                    last.countByWhere(threads).keySet().stream().findFirst().orElse("(none)"));
            for (Look look : evidence.looks()) {
                if (look.takes("Thread.print")) {
                    facts.put(
                            t + "-look-" + look.number(),
                            Integer.toString(threadDump(demo, look.number())
                                    .named(threads)
                                    .size()));
                }
            }
        }
    }

    static final String NATIVE_MEMORY = "VM.native_memory summary";

    private void writeNativeMemory(String prefix, DemoRun.Result demo, Map<String, String> facts) throws IOException {
        Set<String> categories = nativeMemoryCategories();
        StringBuilder excerpt = new StringBuilder();
        for (Look look : List.of(evidence.firstLook(), evidence.lastLook())) {
            NativeMemorySummary summary = nativeMemory(demo, look.number());
            excerpt.append(excerpt.length() == 0 ? "" : "\n")
                    .append("$ jcmd <pid> ")
                    .append(NATIVE_MEMORY)
                    .append("      # after ")
                    .append(look.afterOperations())
                    .append(' ')
                    .append(scenario.operations())
                    .append('\n')
                    .append(summary.excerpt(categories));
        }
        output.writeText(prefix + "-native-memory", excerpt.toString());
        NativeMemorySummary first = nativeMemory(demo, evidence.firstLook().number());
        NativeMemorySummary last = nativeMemory(demo, evidence.lastLook().number());
        long apart =
                evidence.lastLook().afterOperations() - evidence.firstLook().afterOperations();
        for (String category : categories) {
            String c = prefix + "-nmt-" + Slugs.of(category);
            facts.put(
                    c + "-committed-look-1",
                    Units.bytes(first.category(category).committedKb() * 1024.0));
            facts.put(
                    c + "-committed-look-" + evidence.lastLook().number(),
                    Units.bytes(last.category(category).committedKb() * 1024.0));
            facts.put(
                    c + "-reserved-look-" + evidence.lastLook().number(),
                    Units.bytes(last.category(category).reservedKb() * 1024.0));
            facts.put(
                    c + "-committed-per-op",
                    Units.bytes((last.category(category).committedKb()
                                    - first.category(category).committedKb())
                            * 1024.0
                            / apart));
        }
        if (categories.contains("Thread")) {
            long added = last.threads() - first.threads();
            facts.put(prefix + "-nmt-threads-look-1", Long.toString(first.threads()));
            facts.put(prefix + "-nmt-threads-look-" + evidence.lastLook().number(), Long.toString(last.threads()));
            facts.put(prefix + "-nmt-threads-added", Long.toString(added));
            if (added > 0) {
                facts.put(
                        prefix + "-nmt-stack-committed-per-thread",
                        Units.bytes((last.threadStackCommittedKb() - first.threadStackCommittedKb()) * 1024.0 / added));
                facts.put(
                        prefix + "-nmt-stack-reserved-per-thread",
                        Units.bytes((last.threadStackReservedKb() - first.threadStackReservedKb()) * 1024.0 / added));
            }
        }
    }

    private Set<String> nativeMemoryCategories() {
        return nativeMemoryCategories(evidence);
    }

    /** The categories a chapter reads: those its expectations name, or Thread. */
    static Set<String> nativeMemoryCategories(Evidence evidence) {
        Set<String> categories = new LinkedHashSet<>();
        evidence.expectations().stream()
                .filter(e -> e.kind() == Expectation.Kind.NATIVE_MEMORY)
                .forEach(e -> categories.add(e.subject()));
        if (categories.isEmpty()) {
            categories.add("Thread");
        }
        return categories;
    }

    // ---- the descriptor's expectations ---------------------------------------------------------

    private void writeExpectations(Measured side, Map<String, String> facts) {
        long from = evidence.firstLook().afterOperations();
        long to = evidence.lastLook().afterOperations();
        for (Expectation expectation : evidence.expectations(side.side())) {
            try {
                facts.put(
                        scenario.name() + "-" + side.side().word() + "-expect-"
                                + Slugs.ofMetric(expectation.kind().prefix(), expectation.subject()),
                        perOperation(measure(evidence, side.demo(), expectation, from, to), isBytes(expectation)));
            } catch (IllegalArgumentException cannotBeMeasured) {
                // problems() says so
            }
        }
    }

    /**
     * What the measurement says against the descriptor and the chapter: nothing when it confirms
     * them. Both sides' tests pass, the leaking side's tests print a growth per operation, and each
     * expectation holds from the first look to the last.
     */
    static List<String> problems(Scenario scenario, Measured leaking, Measured fixed) {
        List<String> problems = new ArrayList<>();
        Evidence evidence = scenario.evidence();
        long from = evidence.firstLook().afterOperations();
        long to = evidence.lastLook().afterOperations();
        for (Measured side : List.of(leaking, fixed)) {
            TestRun.Result tests = side.tests();
            if (!tests.allPassed()) {
                problems.add("the " + side.side() + " side's tests must all pass; "
                        + (tests.run() == 0
                                ? "none ran"
                                : tests.failures().size() + " of " + tests.run() + " failed:\n      "
                                        + String.join("\n      ", tests.failures())));
            }
            for (Expectation expectation : evidence.expectations(side.side())) {
                double measured;
                try {
                    measured = measure(evidence, side.demo(), expectation, from, to);
                } catch (IllegalArgumentException e) {
                    problems.add("evidence." + side.side() + "." + expectation.metric() + " cannot be measured: "
                            + e.getMessage());
                    continue;
                }
                if (!expectation.isMetBy(measured)) {
                    problems.add(String.format(
                            Locale.ROOT,
                            "the %s side: %s from %d to %d %s, measured %s" + " (evidence.%s.%s)",
                            side.side(),
                            expectation.describe(scenario.operation()),
                            from,
                            to,
                            scenario.operations(),
                            perOperation(measured, isBytes(expectation)),
                            side.side(),
                            expectation.metric()));
                }
            }
        }
        boolean growthPrinted = leaking.tests().printed().values().stream()
                .anyMatch(text -> GROWTH_FIGURE.matcher(text).find());
        if (!growthPrinted) {
            problems.add("the leaking side's tests must print the growth they measured per operation (as leakcheck"
                    + " prints it: \"+1.00 thread/op\"); none of "
                    + leaking.tests().printed().keySet() + " does");
        }
        return problems;
    }

    private static boolean isBytes(Expectation expectation) {
        return expectation.kind() == Expectation.Kind.NATIVE_MEMORY
                || expectation.kind() == Expectation.Kind.HISTOGRAM_BYTES
                || expectation.subject().endsWith("Bytes");
    }

    private static double measure(Evidence evidence, DemoRun.Result demo, Expectation expectation, long from, long to) {
        int first = evidence.firstLook().number();
        int last = evidence.lastLook().number();
        double apart = to - from;
        String subject = expectation.subject();
        return switch (expectation.kind()) {
            case GAUGE -> demo.gauge().perOperation(subject, from, to);
            case HISTOGRAM_INSTANCES ->
                (histogram(demo, last).instancesOf(subject)
                                - histogram(demo, first).instancesOf(subject))
                        / apart;
            case HISTOGRAM_BYTES ->
                (bytesOf(histogram(demo, last), subject) - bytesOf(histogram(demo, first), subject)) / apart;
            case THREAD_DUMP ->
                (threadDump(demo, last).named(subject).size()
                                - threadDump(demo, first).named(subject).size())
                        / apart;
            case NATIVE_MEMORY ->
                (nativeMemory(demo, last).category(subject).committedKb()
                                - nativeMemory(demo, first).category(subject).committedKb())
                        * 1024.0
                        / apart;
            case FILE_DESCRIPTORS ->
                (ProcessFiles.parse(required(demo, last, Look.FDS)).count(subject)
                                - ProcessFiles.parse(required(demo, first, Look.FDS))
                                        .count(subject))
                        / apart;
        };
    }

    // ---- reading the looks ---------------------------------------------------------------------

    private static ClassHistogram histogram(DemoRun.Result demo, int look) {
        return ClassHistogram.parse(required(demo, look, "GC.class_histogram"));
    }

    private static ThreadDump threadDump(DemoRun.Result demo, int look) {
        return ThreadDump.parse(required(demo, look, "Thread.print"));
    }

    private static NativeMemorySummary nativeMemory(DemoRun.Result demo, int look) {
        return NativeMemorySummary.parse(required(demo, look, NATIVE_MEMORY));
    }

    private static String required(DemoRun.Result demo, int look, String command) {
        String output = demo.at(look, command);
        if (output == null) {
            throw new IllegalArgumentException("look " + look + " took no " + command);
        }
        return output;
    }

    private static long bytesOf(ClassHistogram histogram, String cls) {
        return histogram.row(cls).map(ClassHistogram.Row::bytes).orElse(0L);
    }

    /** The scenario's own package, whose frames a thread dump's groups show: {@code leaklab.}. */
    private String appPackage() {
        String main = scenario.demoMain();
        return main.substring(0, main.indexOf('.') + 1);
    }

    private static String format(long value, boolean bytes) {
        return bytes ? Units.bytes(value) : Long.toString(value);
    }

    /** A figure per operation: bytes in binary units, counts with two decimals ("-0.00" reads as something; it is nothing). */
    static String perOperation(double value, boolean bytes) {
        if (bytes) {
            return Units.bytes(value);
        }
        String text = String.format(Locale.ROOT, "%.2f", value);
        return text.equals("-0.00") ? "0.00" : text;
    }
}
