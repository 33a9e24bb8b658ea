package leaklab.book.evidence;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

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
 * The four runs (a probe and a demo per variant, each a JVM of its own on one variant's classpath)
 * go at once: the demos mostly wait, and the whole step stays near the length of one demo run.
 *
 * <p>Anything that cannot be measured, or a measurement that contradicts the chapter (a leak that
 * does not leak, a fix that does), fails the build through {@link BookEvidence}, with a message
 * saying what and why: the chapter never goes out without its evidence.
 */
final class TimerEvidence extends ChapterEvidence {

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
    /** The gauge's panels: the two leaks, then the heap with the histograms' live totals on it. */
    static final GaugeChart.Layout GAUGE_LAYOUT = new GaugeChart.Layout(List.of(
            GaugeChart.Panel.of("live threads", "threads"),
            GaugeChart.Panel.of("queued tasks", "queuedTasks"),
            new GaugeChart.Panel("heap used (MiB)", "heapUsedBytes", GaugeChart.MIB, true)),
            List.of(HISTOGRAM_FROM, HISTOGRAM_TO), "class histogram", "live heap after the histogram's full GC");

    private static final Duration DEMO_TIMEOUT = Duration.ofSeconds(DEMO_SECONDS + 45);

    TimerEvidence(EvidenceOptions options, Jdk jdk) {
        super("timer", options, jdk);
    }

    @Override
    String testCommand() {
        return "./mvnw test -pl scenarios/timer,fixes/timer -am";
    }

    @Override
    Callable<ProbeOutput> probe(String what, String folder, String variantClasspath) {
        return probeRun(what, folder, variantClasspath, TimerRetentionProbe.class,
                List.of(Integer.toString(PROBE_SESSIONS)), PROBE_TIMEOUT);
    }

    @Override
    Callable<LiveDemoRun.Result> demo(String what, String folder, String variantClasspath, Runnable afterFirstLook) {
        List<LiveDemoRun.JcmdAt> schedule = List.of(
                new LiveDemoRun.JcmdAt(HISTOGRAM_FROM, List.of("GC.class_histogram")),
                new LiveDemoRun.JcmdAt(HISTOGRAM_TO, List.of("GC.class_histogram", "Thread.print")));
        return demoRun(what, folder, variantClasspath, DEMO_MAIN, List.of(),
                List.of("--duration", DEMO_SECONDS + "s", "--rate", Integer.toString(DEMO_RATE), "--csv", "gauge.csv"),
                schedule, DEMO_TIMEOUT, afterFirstLook);
    }

    @Override
    void write(Measured m) throws IOException {
        Map<String, String> facts = newFacts();

        probeFacts(m.leakingProbe(), m.fixedProbe(), facts);
        output.writeText("timer-leak-trace.txt", m.leakingProbe().retentionReport(), false);
        output.writeText("timer-leak-trace-print.txt", PrintGlyphs.forPdf(m.leakingProbe().retentionReport()));
        output.writeText("timer-leak-other-paths.txt", m.leakingProbe().otherPaths(), false);
        output.writeText("timer-leak-other-paths-print.txt", PrintGlyphs.forPdf(m.leakingProbe().otherPaths()));
        output.writeText("timer-leak-thread-report.txt", m.leakingProbe().threadReport());
        output.writeText("timer-fix-verdict.txt", m.fixedProbe().retentionReport() + m.fixedProbe().threadReport());

        gaugeFacts(m.leakingDemo().gauge(), m.fixedDemo().gauge(), facts);
        output.writeText("timer-leak-console.txt", m.leakingDemo().console());
        output.writeText("timer-fix-console.txt", m.fixedDemo().console());

        ClassHistogram leakFrom = histogram(m.leakingDemo(), HISTOGRAM_FROM, "leaking");
        ClassHistogram leakTo = histogram(m.leakingDemo(), HISTOGRAM_TO, "leaking");
        ClassHistogram fixFrom = histogram(m.fixedDemo(), HISTOGRAM_FROM, "fixed");
        ClassHistogram fixTo = histogram(m.fixedDemo(), HISTOGRAM_TO, "fixed");
        histogramFacts(leakFrom, leakTo, fixFrom, fixTo, m.leakingDemo().gauge(), facts);
        output.writeText("timer-histogram-diff.txt",
                ClassHistogram.formatGrowth(leakFrom, leakTo, HISTOGRAM_TOP, LOCKSTEP_CLASSES));
        output.writeText("timer-fix-histogram-diff.txt",
                ClassHistogram.formatGrowth(fixFrom, fixTo, HISTOGRAM_TOP, LOCKSTEP_CLASSES));

        ThreadDump leakDump = threadDump(m.leakingDemo(), THREAD_DUMP_AT, "leaking");
        ThreadDump fixDump = threadDump(m.fixedDemo(), THREAD_DUMP_AT, "fixed");
        threadDumpFacts(leakDump, fixDump, m.leakingDemo().gauge(), facts);
        output.writeText("timer-threads.txt", leakDump.excerpt(List.of("heartbeats"), IDLE_TIMER_PREFIX, 2));
        output.writeText("timer-fix-threads.txt", fixDump.excerpt(List.of("heartbeats"), IDLE_TIMER_PREFIX, 1));

        output.writeText("timer-gauge.svg",
                gaugeSvg(m.leakingDemo().gauge(), m.fixedDemo().gauge(), leakFrom, leakTo, fixFrom, fixTo));

        Map<String, Path> tests = new LinkedHashMap<>();
        tests.put("timer-leak-test-tagged",
                options.projectRoot().resolve("scenarios/timer/src/test/java/leaklab/timer/ClosedSessionLeakTest.java"));
        tests.put("timer-fix-test-tagged",
                options.projectRoot().resolve("fixes/timer/src/test/java/leaklab/timer/ClosedSessionReleaseTest.java"));
        proveFacts(tests, facts);
        output.writeFacts(facts, TimerEvidence.class);
    }

    /** Both demos' gauges, with the live heap the histograms found. */
    static String gaugeSvg(GaugeCsv leaking, GaugeCsv fixed, ClassHistogram leakFrom, ClassHistogram leakTo,
                           ClassHistogram fixFrom, ClassHistogram fixTo) {
        return GaugeChart.svg(List.of(
                        new GaugeChart.Run("leaking (scenarios/timer)", leaking, liveHeap(leakFrom, leakTo),
                                GaugeChart.LEAKING, false),
                        new GaugeChart.Run("fixed (fixes/timer)", fixed, liveHeap(fixFrom, fixTo),
                                GaugeChart.FIXED, true)),
                GAUGE_LAYOUT, 760, 620);
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
        facts.put("timer-demo-leak-threads-per-session", perOperation(leakThreads));
        facts.put("timer-demo-leak-queued-per-session", perOperation(leakQueued));
        facts.put("timer-demo-fix-threads-per-session", perOperation(fixThreads));
        facts.put("timer-demo-fix-queued-per-session", perOperation(fixQueued));
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
}
