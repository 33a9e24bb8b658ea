package leaklab.book.evidence;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the timer scenario while the book builds, and writes what the timer chapter shows:
 * <ul>
 *   <li>{@code timer-leak-trace.txt}, {@code timer-leak-thread-report.txt}: leakcheck's verdict on
 *       closed sessions of the leaking variant (Shark's path from a GC root, retained bytes, the
 *       Timer threads left running), {@code timer-leak-other-paths.txt} (the paths besides the
 *       shortest), and {@code timer-fix-verdict.txt}, the fixed variant's; Shark's traces also as
 *       {@code *-print.txt}, for the PDF's code font ({@link PrintGlyphs});</li>
 *   <li>{@code timer-threads.txt}, {@code timer-fix-threads.txt}: excerpts of
 *       {@code jcmd <pid> Thread.print} against each live demo;</li>
 *   <li>{@code timer-histogram-diff.txt}, {@code timer-fix-histogram-diff.txt}: what grew between
 *       two {@code jcmd <pid> GC.class_histogram} of each live demo;</li>
 *   <li>{@code timer-leak-console.txt}, {@code timer-fix-console.txt}: what each demo printed;</li>
 *   <li>{@code timer-gauge.svg}: both demos' gauges over time, drawn by JFreeChart;</li>
 *   <li>{@code timer-facts.adoc}: the figures the text quotes, as AsciiDoc attributes.</li>
 * </ul>
 * The leaking and the fixed classes have the same names, so every run is a JVM of its own on the
 * classpath of one variant. The four runs (a probe and a demo per variant) go at once: the demos
 * mostly wait, and the whole step stays near the length of one demo run.
 *
 * <p>Anything that cannot be measured, or a measurement that contradicts the chapter (a leak that
 * does not leak, a fix that does), ends the program with exit code 1 and a message saying what and
 * why, which fails the build: the chapter never goes out without its evidence.
 */
public final class TimerEvidence {

    static final int PROBE_SESSIONS = 100;
    static final int DEMO_RATE = 50;
    static final int DEMO_SECONDS = 10;
    /** The two histograms: after the first second of steady state, and near the end. */
    static final long HISTOGRAM_FROM = 2;
    static final long HISTOGRAM_TO = 8;
    static final long THREAD_DUMP_AT = HISTOGRAM_TO;
    static final int HISTOGRAM_TOP = 8;
    static final String SESSION_CLASS = "leaklab.timer.Session";
    /**
     * The classes of one leaked session's object graph that the chapter reads in the histogram
     * diff: they grow in lockstep with the sessions, and the diff always shows them.
     */
    static final List<String> LOCKSTEP_CLASSES = List.of("java.util.TimerThread", "[Ljava.util.TimerTask;",
            "java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask", "leaklab.timer.Session$CloseWhenIdle",
            SESSION_CLASS);
    static final String IDLE_TIMER_PREFIX = "idle-timeout-";
    static final String DEMO_MAIN = "leaklab.timer.TimerDemo";

    /** A test method name as the chapter quotes it: {@code `every_closed_session_leaves_...`}. */
    private static final Pattern TEST_NAME = Pattern.compile("`([a-z][a-z0-9]*(?:_[a-z0-9]+){2,})`");

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration DEMO_TIMEOUT = Duration.ofSeconds(DEMO_SECONDS + 45);

    private final Options options;
    private final Jdk jdk;
    private final MachinePaths machinePaths;

    private TimerEvidence(Options options) {
        this.options = options;
        this.jdk = Jdk.current();
        this.machinePaths = MachinePaths.of(options.projectRoot(), jdk.home());
    }

    public static void main(String[] args) {
        try {
            long start = System.nanoTime();
            TimerEvidence evidence = new TimerEvidence(Options.parse(args));
            evidence.measureAndWrite();
            Files.writeString(evidence.options.work().resolve("timer-timing.txt"),
                    String.format(Locale.ROOT, "timer evidence: %.1f s%n", (System.nanoTime() - start) / 1e9));
        } catch (EvidenceException e) {
            System.err.println();
            System.err.println("The timer chapter's evidence could not be produced: " + e.getMessage());
            System.exit(1);
        } catch (Exception | Error e) {
            System.err.println();
            System.err.println("The timer chapter's evidence could not be produced:");
            e.printStackTrace();
            System.exit(1);
        }
    }

    private void measureAndWrite() throws IOException {
        Path out = options.out();
        Files.createDirectories(out);
        deleteOld(out);
        String leakingClasspath = classpath(options.leakingClasspath(), "leaking");
        String fixedClasspath = classpath(options.fixedClasspath(), "fixed");

        ExecutorService runs = Executors.newFixedThreadPool(4, work -> {
            Thread thread = new Thread(work, "evidence run");
            thread.setDaemon(true);
            return thread;
        });
        try {
            // The probes (heap dump and Shark: the CPU-heavy part) wait for the demos' first jcmd
            // look, which would otherwise come late on a 2-core machine and show the wrong second.
            CountDownLatch firstLooks = new CountDownLatch(2);
            Future<LiveDemoRun.Result> leakingDemo = runs.submit(
                    demo("the leaking demo", "demo-leaking", leakingClasspath, firstLooks::countDown));
            Future<LiveDemoRun.Result> fixedDemo = runs.submit(
                    demo("the fixed demo", "demo-fixed", fixedClasspath, firstLooks::countDown));
            awaitFirstLooks(firstLooks);
            Future<ProbeOutput> leakingProbe = runs.submit(probe("the leaking probe", "probe-leaking", leakingClasspath));
            Future<ProbeOutput> fixedProbe = runs.submit(probe("the fixed probe", "probe-fixed", fixedClasspath));
            write(new Measured(await(leakingProbe), await(fixedProbe), await(leakingDemo), await(fixedDemo)));
        } finally {
            // A failed run cancels the others; each stops its process on the way out.
            runs.shutdownNow();
            try {
                runs.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Everything measured, once all four runs are done. */
    record Measured(ProbeOutput leakingProbe, ProbeOutput fixedProbe, LiveDemoRun.Result leakingDemo,
                    LiveDemoRun.Result fixedDemo) {
    }

    private Callable<ProbeOutput> probe(String what, String folder, String variantClasspath) {
        return () -> {
            Path dir = options.work().resolve(folder);
            Files.createDirectories(dir);
            List<String> command = new ArrayList<>();
            command.add(jdk.java().toString());
            command.addAll(options.probeJvmOptions());
            // The probe's heap dump goes to the run's folder, never the machine's temporary folder.
            command.add("-Djava.io.tmpdir=" + dir);
            command.add("-cp");
            command.add(options.probeClasses() + File.pathSeparator + variantClasspath);
            command.add(TimerRetentionProbe.class.getName());
            command.add(Integer.toString(PROBE_SESSIONS));
            String output = Processes.run(what, command, dir, dir.resolve("probe.log"), PROBE_TIMEOUT);
            try {
                return ProbeOutput.parse(output);
            } catch (IllegalArgumentException e) {
                throw new EvidenceException(what + ": " + e.getMessage() + ". Its output:\n" + Processes.tail(output, 30));
            }
        };
    }

    private Callable<LiveDemoRun.Result> demo(String what, String folder, String variantClasspath, Runnable afterFirstLook) {
        return () -> {
            List<String> command = new ArrayList<>(options.demoJvmOptions());
            command.addAll(List.of("-cp", variantClasspath, DEMO_MAIN,
                    "--duration", DEMO_SECONDS + "s", "--rate", Integer.toString(DEMO_RATE), "--csv", "gauge.csv"));
            List<LiveDemoRun.JcmdAt> schedule = List.of(
                    new LiveDemoRun.JcmdAt(HISTOGRAM_FROM, List.of("GC.class_histogram")),
                    new LiveDemoRun.JcmdAt(HISTOGRAM_TO, List.of("GC.class_histogram", "Thread.print")));
            return new LiveDemoRun(what, jdk, options.work().resolve(folder))
                    .run(command, schedule, DEMO_TIMEOUT, afterFirstLook);
        };
    }

    private void write(Measured m) throws IOException {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("timer-jdk", Jdk.version());
        facts.put("timer-cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        facts.put("timer-measured", "measured while this book was built: JDK " + Jdk.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores");

        probeFacts(m.leakingProbe(), m.fixedProbe(), facts);
        writeText("timer-leak-trace.txt", m.leakingProbe().retentionReport(), false);
        writeText("timer-leak-trace-print.txt", PrintGlyphs.forPdf(m.leakingProbe().retentionReport()));
        writeText("timer-leak-other-paths.txt", m.leakingProbe().otherPaths(), false);
        writeText("timer-leak-other-paths-print.txt", PrintGlyphs.forPdf(m.leakingProbe().otherPaths()));
        writeText("timer-leak-thread-report.txt", m.leakingProbe().threadReport());
        writeText("timer-fix-verdict.txt", m.fixedProbe().retentionReport() + m.fixedProbe().threadReport());

        gaugeFacts(m.leakingDemo().gauge(), m.fixedDemo().gauge(), facts);
        writeText("timer-leak-console.txt", m.leakingDemo().console());
        writeText("timer-fix-console.txt", m.fixedDemo().console());

        ClassHistogram leakFrom = histogram(m.leakingDemo(), HISTOGRAM_FROM, "leaking");
        ClassHistogram leakTo = histogram(m.leakingDemo(), HISTOGRAM_TO, "leaking");
        ClassHistogram fixFrom = histogram(m.fixedDemo(), HISTOGRAM_FROM, "fixed");
        ClassHistogram fixTo = histogram(m.fixedDemo(), HISTOGRAM_TO, "fixed");
        histogramFacts(leakFrom, leakTo, fixFrom, fixTo, m.leakingDemo().gauge(), facts);
        writeText("timer-histogram-diff.txt",
                ClassHistogram.formatGrowth(leakFrom, leakTo, HISTOGRAM_TOP, LOCKSTEP_CLASSES));
        writeText("timer-fix-histogram-diff.txt",
                ClassHistogram.formatGrowth(fixFrom, fixTo, HISTOGRAM_TOP, LOCKSTEP_CLASSES));

        ThreadDump leakDump = threadDump(m.leakingDemo(), "leaking");
        ThreadDump fixDump = threadDump(m.fixedDemo(), "fixed");
        threadDumpFacts(leakDump, fixDump, m.leakingDemo().gauge(), facts);
        writeText("timer-threads.txt", leakDump.excerpt(List.of("heartbeats"), IDLE_TIMER_PREFIX, 2));
        writeText("timer-fix-threads.txt", fixDump.excerpt(List.of("heartbeats"), IDLE_TIMER_PREFIX, 1));

        String svg = GaugeChart.svg(List.of(
                        new GaugeChart.Run("leaking (scenarios/timer)", m.leakingDemo().gauge(),
                                liveHeap(leakFrom, leakTo), GaugeChart.LEAKING, false),
                        new GaugeChart.Run("fixed (fixes/timer)", m.fixedDemo().gauge(),
                                liveHeap(fixFrom, fixTo), GaugeChart.FIXED, true)),
                List.of(HISTOGRAM_FROM, HISTOGRAM_TO), 760, 620);
        writeText("timer-gauge.svg", svg);

        proveFacts(facts);
        writeText("timer-facts.adoc", attributes(facts));
    }

    private void probeFacts(ProbeOutput leaking, ProbeOutput fixed, Map<String, String> facts) {
        long sessions = leaking.number("sessions");
        long watched = leaking.number("watched");
        if (leaking.number("retained") != watched || leaking.number("leakedThreads") != sessions
                || leaking.number("paths") < 2) {
            throw contradiction("leakcheck finds " + leaking.number("retained") + " of " + watched
                    + " closed sessions still reachable along " + leaking.number("paths") + " path(s), and "
                    + leaking.number("leakedThreads") + " Timer threads alive, in the leaking variant; the chapter"
                    + " says every session is, along both chains, with one thread per session that had an idle timer",
                    leaking.retentionReport() + leaking.threadReport());
        }
        if (fixed.number("retained") != 0 || fixed.number("leakedThreads") != 0) {
            throw contradiction("leakcheck finds " + fixed.number("retained") + " closed sessions reachable and "
                    + fixed.number("leakedThreads") + " threads alive in the fixed variant; the chapter says none",
                    fixed.retentionReport() + fixed.threadReport());
        }
        facts.put("timer-probe-sessions", Long.toString(sessions));
        facts.put("timer-probe-watched", Long.toString(watched));
        facts.put("timer-probe-leak-retained", leaking.fact("retained"));
        facts.put("timer-probe-leak-paths", leaking.fact("paths"));
        facts.put("timer-probe-leak-retained-size", Units.bytes(leaking.number("retainedBytes")));
        facts.put("timer-probe-leak-retained-per-session", Units.bytes(leaking.number("retainedBytes") / (double) watched));
        facts.put("timer-probe-leak-threads", leaking.fact("leakedThreads"));
        String path = leaking.fact("pathHops");
        facts.put("timer-probe-leak-path", path.replace(" > ", " → "));
        // Shark shows the shortest of the two chains that hold a session; the text reads whichever it is.
        facts.put(path.contains("TimerThread") ? "timer-probe-leak-via-timer" : "timer-probe-leak-via-heartbeat", "");
        facts.put("timer-probe-leak-parked-in", leaking.all("parkedIn").isEmpty() ? ""
                : leaking.all("parkedIn").get(0).replaceFirst("^\\d+ ", ""));
    }

    private void gaugeFacts(GaugeCsv leaking, GaugeCsv fixed, Map<String, String> facts) {
        double leakThreads = leaking.growthPer("threads", "sessionsOpened", HISTOGRAM_FROM);
        double leakQueued = leaking.growthPer("queuedTasks", "sessionsOpened", HISTOGRAM_FROM);
        double fixThreads = fixed.growthPer("threads", "sessionsOpened", HISTOGRAM_FROM);
        double fixQueued = fixed.growthPer("queuedTasks", "sessionsOpened", HISTOGRAM_FROM);
        if (leakThreads < 0.9 || leakQueued < 0.9) {
            throw contradiction(String.format(Locale.ROOT, "the leaking demo's gauge shows %+.2f threads and %+.2f"
                    + " queued tasks per session opened; the chapter says about one of each", leakThreads, leakQueued), "");
        }
        if (Math.abs(fixThreads) > 0.1 || Math.abs(fixQueued) > 0.1) {
            throw contradiction(String.format(Locale.ROOT, "the fixed demo's gauge shows %+.2f threads and %+.2f"
                    + " queued tasks per session opened; the chapter says they stay flat", fixThreads, fixQueued), "");
        }
        long last = leaking.lastSecond();
        facts.put("timer-demo-rate", Integer.toString(DEMO_RATE));
        facts.put("timer-demo-seconds", Long.toString(last));
        facts.put("timer-demo-window-from", Long.toString(HISTOGRAM_FROM));
        facts.put("timer-demo-leak-opened", Long.toString(leaking.valueAt("sessionsOpened", last)));
        facts.put("timer-demo-leak-open", Long.toString(leaking.valueAt("openSessions", last)));
        facts.put("timer-demo-leak-threads-first", Long.toString(leaking.valueAt("threads", 0)));
        facts.put("timer-demo-leak-threads-last", Long.toString(leaking.valueAt("threads", last)));
        facts.put("timer-demo-leak-queued-last", Long.toString(leaking.valueAt("queuedTasks", last)));
        facts.put("timer-demo-fix-threads-last", Long.toString(fixed.valueAt("threads", fixed.lastSecond())));
        facts.put("timer-demo-fix-queued-last", Long.toString(fixed.valueAt("queuedTasks", fixed.lastSecond())));
        facts.put("timer-demo-fix-open", Long.toString(fixed.valueAt("openSessions", fixed.lastSecond())));
        facts.put("timer-demo-leak-threads-per-session", perSession(leakThreads));
        facts.put("timer-demo-leak-queued-per-session", perSession(leakQueued));
        facts.put("timer-demo-fix-threads-per-session", perSession(fixThreads));
        facts.put("timer-demo-fix-queued-per-session", perSession(fixQueued));
    }

    private void histogramFacts(ClassHistogram leakFrom, ClassHistogram leakTo, ClassHistogram fixFrom,
                                ClassHistogram fixTo, GaugeCsv leakingGauge, Map<String, String> facts) {
        // Each histogram is taken just after its gauge line, so the sessions opened by that line are
        // a lower bound of what it must count if every closed session stays.
        long sessionsAdded = leakTo.instancesOf(SESSION_CLASS) - leakFrom.instancesOf(SESSION_CLASS);
        long openedBefore = leakingGauge.valueAt("sessionsOpened", HISTOGRAM_TO);
        if (leakTo.instancesOf(SESSION_CLASS) < openedBefore || sessionsAdded <= 0) {
            throw contradiction("the leaking demo's class histogram after " + HISTOGRAM_TO + " s counts "
                    + leakTo.instancesOf(SESSION_CLASS) + " " + SESSION_CLASS + " objects (" + sessionsAdded + " more than"
                    + " after " + HISTOGRAM_FROM + " s), while " + openedBefore + " sessions had been opened by then;"
                    + " the chapter says every closed session stays", "");
        }
        for (String lockstep : LOCKSTEP_CLASSES) {
            long added = leakTo.instancesOf(lockstep) - leakFrom.instancesOf(lockstep);
            if (Math.abs(added - sessionsAdded) > Math.max(2, sessionsAdded / 50)) {
                throw contradiction("the leaking demo's class histograms gained " + added + " " + lockstep + " and "
                        + sessionsAdded + " " + SESSION_CLASS + "; the chapter says they grow in lockstep", "");
            }
        }
        if (fixTo.instancesOf(SESSION_CLASS) > 2L * DEMO_RATE) {
            throw contradiction("the fixed demo's class histogram after " + HISTOGRAM_TO + " s counts "
                    + fixTo.instancesOf(SESSION_CLASS) + " " + SESSION_CLASS + " objects; the chapter says only the"
                    + " open ones (about " + DEMO_RATE + ") stay", "");
        }
        facts.put("timer-histo-from", Long.toString(HISTOGRAM_FROM));
        facts.put("timer-histo-to", Long.toString(HISTOGRAM_TO));
        facts.put("timer-histo-top", Integer.toString(HISTOGRAM_TOP));
        facts.put("timer-histo-leak-sessions-from", Long.toString(leakFrom.instancesOf(SESSION_CLASS)));
        facts.put("timer-histo-leak-sessions-to", Long.toString(leakTo.instancesOf(SESSION_CLASS)));
        facts.put("timer-histo-leak-sessions-added", Long.toString(sessionsAdded));
        facts.put("timer-histo-leak-live-from", Units.bytes(leakFrom.totalBytes()));
        facts.put("timer-histo-leak-live-to", Units.bytes(leakTo.totalBytes()));
        facts.put("timer-histo-leak-bytes-per-session",
                Units.bytes((leakTo.totalBytes() - leakFrom.totalBytes()) / (double) sessionsAdded));
        facts.put("timer-histo-fix-sessions-from", Long.toString(fixFrom.instancesOf(SESSION_CLASS)));
        facts.put("timer-histo-fix-sessions-to", Long.toString(fixTo.instancesOf(SESSION_CLASS)));
        facts.put("timer-histo-fix-live-from", Units.bytes(fixFrom.totalBytes()));
        facts.put("timer-histo-fix-live-to", Units.bytes(fixTo.totalBytes()));
    }

    private void threadDumpFacts(ThreadDump leaking, ThreadDump fixed, GaugeCsv leakingGauge, Map<String, String> facts) {
        int leakIdle = leaking.named(IDLE_TIMER_PREFIX).size();
        long openedBefore = leakingGauge.valueAt("sessionsOpened", THREAD_DUMP_AT);
        if (leakIdle < openedBefore) {
            throw contradiction("the leaking demo's thread dump at " + THREAD_DUMP_AT + " s has " + leakIdle + " "
                    + IDLE_TIMER_PREFIX + "* threads, fewer than the " + openedBefore
                    + " sessions opened by then; the chapter says each keeps its thread", "");
        }
        int fixIdle = fixed.named(IDLE_TIMER_PREFIX).size();
        if (fixIdle > 2 * DEMO_RATE) {
            throw contradiction("the fixed demo's thread dump has " + fixIdle + " " + IDLE_TIMER_PREFIX
                    + "* threads, more than the sessions open at once (about " + DEMO_RATE + ")", "");
        }
        facts.put("timer-dump-at", Long.toString(THREAD_DUMP_AT));
        facts.put("timer-dump-leak-threads", Integer.toString(leaking.threads().size()));
        facts.put("timer-dump-leak-idle-threads", Integer.toString(leakIdle));
        facts.put("timer-dump-leak-idle-where", String.join(", ", leaking.countByWhere(IDLE_TIMER_PREFIX).keySet()));
        facts.put("timer-dump-fix-threads", Integer.toString(fixed.threads().size()));
        facts.put("timer-dump-fix-idle-threads", Integer.toString(fixIdle));
    }

    /**
     * Whether the scenario's and the fix's tests mark their key assertions with {@code tag::prove[]}:
     * the Prove section includes the tagged lines when they are, the whole test class until then.
     * Also checks that every test the Prove section names (a {@code `snake_case_name`}) still exists,
     * since an include cannot tell that a test was renamed and the text was not.
     */
    private void proveFacts(Map<String, String> facts) throws IOException {
        Map<String, Path> tests = Map.of(
                "timer-leak-test-tagged", options.projectRoot().resolve(
                        "scenarios/timer/src/test/java/leaklab/timer/ClosedSessionLeakTest.java"),
                "timer-fix-test-tagged", options.projectRoot().resolve(
                        "fixes/timer/src/test/java/leaklab/timer/ClosedSessionReleaseTest.java"));
        for (Map.Entry<String, Path> test : tests.entrySet()) {
            if (!Files.isRegularFile(test.getValue())) {
                throw new EvidenceException("the Prove section includes " + test.getValue() + ", which is missing");
            }
            String source = Files.readString(test.getValue(), StandardCharsets.UTF_8);
            if (source.contains("tag::prove[]") && source.contains("end::prove[]")) {
                facts.put(test.getKey(), "");
            }
        }
        Path chapter = options.projectRoot().resolve("book/src/docs/asciidoc/timer.adoc");
        String text = Files.readString(chapter, StandardCharsets.UTF_8);
        int start = text.indexOf("[#timer-prove]");
        int end = text.indexOf("\n[#timer-", start + 1);
        if (start < 0) {
            throw new EvidenceException(chapter.getFileName() + " has no [#timer-prove] section");
        }
        String prove = text.substring(start, end < 0 ? text.length() : end);
        StringBuilder sources = new StringBuilder();
        for (Path test : tests.values()) {
            sources.append(Files.readString(test, StandardCharsets.UTF_8));
        }
        Matcher named = TEST_NAME.matcher(prove);
        while (named.find()) {
            if (!sources.toString().contains("void " + named.group(1) + "(")) {
                throw new EvidenceException("the Prove section of " + chapter.getFileName() + " names the test "
                        + named.group(1) + ", which neither ClosedSessionLeakTest nor ClosedSessionReleaseTest has:"
                        + " was it renamed? Update the text to the tests as they are");
            }
        }
    }


    private static Map<Long, Long> liveHeap(ClassHistogram from, ClassHistogram to) {
        Map<Long, Long> points = new LinkedHashMap<>();
        points.put(HISTOGRAM_FROM, from.totalBytes());
        points.put(HISTOGRAM_TO, to.totalBytes());
        return points;
    }

    private static ClassHistogram histogram(LiveDemoRun.Result demo, long second, String variant) {
        try {
            return ClassHistogram.parse(demo.jcmd(second, "GC.class_histogram"));
        } catch (IllegalArgumentException e) {
            throw new EvidenceException("the " + variant + " demo's class histogram at " + second + " s: " + e.getMessage(), e);
        }
    }

    private static ThreadDump threadDump(LiveDemoRun.Result demo, String variant) {
        try {
            return ThreadDump.parse(demo.jcmd(THREAD_DUMP_AT, "Thread.print"));
        } catch (IllegalArgumentException e) {
            throw new EvidenceException("the " + variant + " demo's thread dump: " + e.getMessage(), e);
        }
    }

    private static EvidenceException contradiction(String finding, String output) {
        return new EvidenceException(finding + ". The book would contradict its own measurement;"
                + " run the scenario's tests (./mvnw test -pl scenarios/timer,fixes/timer -am) to see which side changed."
                + (output.isBlank() ? "" : "\n" + output.stripTrailing()));
    }

    private static String perSession(double value) {
        String text = String.format(Locale.ROOT, "%.2f", value);
        // "-0.00" reads as a sign of something; it is nothing.
        return text.equals("-0.00") ? "0.00" : text;
    }

    private static String attributes(Map<String, String> facts) {
        StringBuilder out = new StringBuilder();
        out.append("// The timer chapter's figures, ").append("measured while this book was built by ")
                .append(TimerEvidence.class.getName()).append(". Generated: do not edit.\n");
        facts.forEach((name, value) -> {
            if (value.contains("\n")) {
                throw new IllegalStateException("attribute " + name + " spans lines: " + value);
            }
            out.append(':').append(name).append(':').append(value.isEmpty() ? "" : " " + value).append('\n');
        });
        return out.toString();
    }

    /** Writes an output that both the HTML and the PDF show. */
    private void writeText(String name, String text) throws IOException {
        writeText(name, text, true);
    }

    /**
     * Writes an output, without this machine's folders in it.
     *
     * @param inPdf whether the PDF shows it too, so that its code font must draw every character
     */
    private void writeText(String name, String text, boolean inPdf) throws IOException {
        String scrubbed = machinePaths.scrub(text);
        machinePaths.requireNone(name, scrubbed);
        if (inPdf && name.endsWith(".txt")) {
            PrintGlyphs.requirePrintable(name, scrubbed);
        }
        Files.writeString(options.out().resolve(name), scrubbed.endsWith("\n") ? scrubbed : scrubbed + "\n",
                StandardCharsets.UTF_8);
    }

    /** Old outputs go first: a failed run must not leave the last build's figures for the render to pick up. */
    private static void deleteOld(Path out) throws IOException {
        try (DirectoryStream<Path> old = Files.newDirectoryStream(out, "timer-*")) {
            for (Path file : old) {
                Files.delete(file);
            }
        }
    }

    private static String classpath(Path file, String variant) {
        if (!Files.isRegularFile(file)) {
            throw new EvidenceException("no classpath for the " + variant + " timer at " + file
                    + ": it is written by the book's maven-dependency-plugin build-classpath execution;"
                    + " build the book through Maven (./mvnw -pl book -am test)");
        }
        String classpath = Processes.read(file).strip();
        if (classpath.isEmpty()) {
            throw new EvidenceException("the classpath of the " + variant + " timer in " + file + " is empty");
        }
        return classpath;
    }

    private static void awaitFirstLooks(CountDownLatch firstLooks) {
        try {
            if (!firstLooks.await(DEMO_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new EvidenceException("the live demos did not get to their first jcmd look within "
                        + DEMO_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvidenceException("interrupted while waiting for the live demos", e);
        }
    }

    private static <T> T await(Future<T> run) {
        try {
            return run.get(3, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EvidenceException evidence) {
                throw evidence;
            }
            throw new EvidenceException("a measured run failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new EvidenceException("a measured run took more than 3 minutes", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvidenceException("interrupted while waiting for the measured runs", e);
        }
    }

    /** The command line: every option is required, and each is a path or a list of JVM options. */
    record Options(Path projectRoot, Path out, Path work, Path probeClasses, Path leakingClasspath,
                   Path fixedClasspath, List<String> probeJvmOptions, List<String> demoJvmOptions) {

        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new EvidenceException("bad arguments: " + Arrays.toString(args) + "\n" + usage());
                }
                values.put(args[i].substring(2), args[++i]);
            }
            return new Options(path(values, "project-root"), path(values, "out"), path(values, "work"),
                    path(values, "probe-classes"), path(values, "leaking-classpath"), path(values, "fixed-classpath"),
                    jvmOptions(values, "probe-jvm-options"), jvmOptions(values, "demo-jvm-options"));
        }

        private static Path path(Map<String, String> values, String name) {
            return Path.of(required(values, name)).toAbsolutePath().normalize();
        }

        private static List<String> jvmOptions(Map<String, String> values, String name) {
            String text = required(values, name).strip();
            return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
        }

        private static String required(Map<String, String> values, String name) {
            String value = values.get(name);
            if (value == null) {
                throw new EvidenceException("missing --" + name + "\n" + usage());
            }
            return value;
        }

        private static String usage() {
            return "usage: TimerEvidence --project-root DIR --out DIR --work DIR --probe-classes DIR"
                    + " --leaking-classpath FILE --fixed-classpath FILE --probe-jvm-options \"...\""
                    + " --demo-jvm-options \"...\"";
        }
    }
}
