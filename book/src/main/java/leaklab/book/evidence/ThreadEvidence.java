package leaklab.book.evidence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the thread scenario while the book builds, and writes what the thread chapter shows:
 * <ul>
 *   <li>{@code thread-leak-trace.txt}, {@code thread-leak-other-paths.txt}: leakcheck's
 *       {@code RetentionReport} on the requests of the leaking variant, timed out and completed:
 *       which thread's stack still holds each one, by Shark's path from a GC root (also as
 *       {@code *-print.txt}, for the PDF's code font, {@link PrintGlyphs});
 *       {@code thread-leak-thread-report.txt}: the {@code ThreadLeakReport}, the threads left and
 *       the frame each waits in; {@code thread-fix-verdict.txt}: both verdicts on the fixed variant;</li>
 *   <li>{@code thread-threads.txt}: an excerpt of {@code jcmd <pid> Thread.print} against the leaking
 *       demo, a worker and a watcher as printed; {@code thread-dump-groups.txt},
 *       {@code thread-fix-dump-groups.txt}: each demo's gateway threads grouped by name and by the
 *       frames they wait in, with counts;</li>
 *   <li>{@code thread-nmt.txt}, {@code thread-fix-nmt.txt}: the Thread category of
 *       {@code jcmd <pid> VM.native_memory summary}, at two moments of each demo, which runs with
 *       {@code -XX:NativeMemoryTracking=summary};</li>
 *   <li>{@code thread-leak-console.txt}, {@code thread-fix-console.txt}: what each demo printed;</li>
 *   <li>{@code thread-gauge.svg}: both demos' gauges over time, and the Thread category's committed
 *       memory at the two looks, drawn by JFreeChart;</li>
 *   <li>{@code thread-facts.adoc}: the figures the text quotes, as AsciiDoc attributes.</li>
 * </ul>
 * The four runs (a probe and a demo per variant, each a JVM of its own on one variant's classpath)
 * go at once, beside the timer chapter's.
 *
 * <p>Anything that cannot be measured, or a measurement that contradicts the chapter (a leak that
 * does not leak, a fix that does), fails the build through {@link BookEvidence}, with a message
 * saying what and why: the chapter never goes out without its evidence.
 */
final class ThreadEvidence extends ChapterEvidence {

    /** Slow requests, and as many fast ones, that the probe sends. */
    static final int PROBE_REQUESTS = 50;
    static final int DEMO_RATE = 50;
    static final int DEMO_SECONDS = 10;
    /** The two looks at native memory: after the first second of steady state, and near the end. */
    static final long LOOK_FROM = 2;
    static final long LOOK_TO = 8;
    static final long THREAD_DUMP_AT = LOOK_TO;
    static final String DEMO_MAIN = "leaklab.thread.GatewayDemo";
    static final String NATIVE_MEMORY_TRACKING = "-XX:NativeMemoryTracking=summary";
    static final String NATIVE_MEMORY = "VM.native_memory summary";
    static final String WORKER_PREFIX = "gateway-worker-";
    static final String WATCHER_PREFIX = "cancel-watcher-";
    /** Where a worker whose caller timed out waits, as leakcheck and the tests name it. */
    static final String HANDOFF_FRAME = "java.util.concurrent.SynchronousQueue.put";
    /** Where a watcher of a completed request waits. */
    static final String WATCHER_FRAME = "leaklab.thread.RequestScope.awaitCancellation";
    static final String APP_PACKAGE = "leaklab.";
    /** A benchmark class as the Cost section names it: {@code ThreadCost_01_ReleaseOnce}. */
    private static final Pattern BENCHMARK = Pattern.compile("\\bThreadCost_\\d+_\\w+");

    /** The gauge's panels: the threads, the two kinds that leak, and the stacks' memory at the looks. */
    static final GaugeChart.Layout GAUGE_LAYOUT = new GaugeChart.Layout(List.of(
            GaugeChart.Panel.of("live threads", "threads"),
            GaugeChart.Panel.of("busy workers", "busyWorkers"),
            GaugeChart.Panel.of("waiting watchers", "waitingWatchers"),
            new GaugeChart.Panel("Thread, committed (MiB)", null, GaugeChart.MIB, true)),
            List.of(LOOK_FROM, LOOK_TO), "VM.native_memory",
            "native memory of the Thread category, committed (jcmd VM.native_memory summary)");

    /** How wide the PDF's copies of the wide outputs are cut, before they are shrunk to fit the page. */
    static final int PRINT_WIDTH = 100;
    /** The demo's gauge table: its header, and a line a second. */
    private static final Pattern GAUGE_TABLE = Pattern.compile("^\\s*(time\\s+threads\\b|\\d+s\\s).*");

    private static final Duration DEMO_TIMEOUT = Duration.ofSeconds(DEMO_SECONDS + 45);

    ThreadEvidence(EvidenceOptions options, Jdk jdk) {
        super("thread", options, jdk);
    }

    @Override
    String testCommand() {
        return "./mvnw test -pl scenarios/thread,fixes/thread -am";
    }

    @Override
    Callable<ProbeOutput> probe(String what, String folder, String variantClasspath) {
        return probeRun(what, folder, variantClasspath, ThreadRetentionProbe.class,
                List.of(Integer.toString(PROBE_REQUESTS)), PROBE_TIMEOUT);
    }

    @Override
    Callable<LiveDemoRun.Result> demo(String what, String folder, String variantClasspath, Runnable afterFirstLook) {
        List<LiveDemoRun.JcmdAt> schedule = List.of(
                new LiveDemoRun.JcmdAt(LOOK_FROM, List.of(NATIVE_MEMORY)),
                new LiveDemoRun.JcmdAt(LOOK_TO, List.of(NATIVE_MEMORY, "Thread.print")));
        return demoRun(what, folder, variantClasspath, DEMO_MAIN, List.of(NATIVE_MEMORY_TRACKING),
                List.of("--duration", DEMO_SECONDS + "s", "--rate", Integer.toString(DEMO_RATE), "--csv", "gauge.csv"),
                schedule, DEMO_TIMEOUT, afterFirstLook);
    }

    @Override
    void write(Measured measured) throws IOException {
        ProbeOutput leakingProbe = measured.leakingProbe();
        ProbeOutput fixedProbe = measured.fixedProbe();
        LiveDemoRun.Result leakingDemo = measured.leakingDemo();
        LiveDemoRun.Result fixedDemo = measured.fixedDemo();
        Map<String, String> facts = newFacts();

        probeFacts(leakingProbe, fixedProbe, facts);
        output.writeText("thread-leak-trace.txt", leakingProbe.retentionReport(), false);
        output.writeText("thread-leak-trace-print.txt", PrintGlyphs.forPdf(leakingProbe.retentionReport()));
        output.writeText("thread-leak-other-paths.txt", leakingProbe.otherPaths(), false);
        output.writeText("thread-leak-other-paths-print.txt", PrintGlyphs.forPdf(leakingProbe.otherPaths()));
        output.writeText("thread-leak-thread-report.txt", leakingProbe.threadReport());
        output.writeText("thread-leak-thread-report-print.txt", PrintGlyphs.wrap(leakingProbe.threadReport(), PRINT_WIDTH));
        output.writeText("thread-fix-verdict.txt", fixedProbe.retentionReport() + fixedProbe.threadReport());

        GaugeCsv leakGauge = leakingDemo.gauge();
        GaugeCsv fixGauge = fixedDemo.gauge();
        gaugeFacts(leakGauge, fixGauge, facts);
        output.writeText("thread-leak-console.txt", leakingDemo.console());
        output.writeText("thread-leak-console-print.txt", PrintGlyphs.wrap(leakingDemo.console(), gaugeWidth(leakingDemo.console())));
        output.writeText("thread-fix-console.txt", fixedDemo.console());

        ThreadDump leakDump = threadDump(leakingDemo, THREAD_DUMP_AT, "leaking");
        ThreadDump fixDump = threadDump(fixedDemo, THREAD_DUMP_AT, "fixed");
        threadDumpFacts(leakDump, fixDump, leakGauge, facts);
        output.writeText("thread-threads.txt", leakDump.excerpt(List.of(), List.of(WORKER_PREFIX, WATCHER_PREFIX), 1));
        output.writeText("thread-dump-groups.txt", leakDump.formatGroups(List.of(WORKER_PREFIX, WATCHER_PREFIX), APP_PACKAGE));
        output.writeText("thread-fix-dump-groups.txt",
                fixDump.formatGroups(List.of(WORKER_PREFIX, WATCHER_PREFIX), APP_PACKAGE));

        NativeMemorySummary leakFrom = nativeMemory(leakingDemo, LOOK_FROM, "leaking");
        NativeMemorySummary leakTo = nativeMemory(leakingDemo, LOOK_TO, "leaking");
        NativeMemorySummary fixFrom = nativeMemory(fixedDemo, LOOK_FROM, "fixed");
        NativeMemorySummary fixTo = nativeMemory(fixedDemo, LOOK_TO, "fixed");
        nativeMemoryFacts(leakFrom, leakTo, fixFrom, fixTo, leakGauge, facts);
        output.writeText("thread-nmt.txt", nativeMemoryExcerpt(leakFrom, leakTo));
        output.writeText("thread-fix-nmt.txt", nativeMemoryExcerpt(fixFrom, fixTo));

        output.writeText("thread-gauge.svg", GaugeChart.svg(List.of(
                        new GaugeChart.Run("leaking (scenarios/thread)", leakGauge, threadCommitted(leakFrom, leakTo),
                                GaugeChart.LEAKING, false),
                        new GaugeChart.Run("fixed (fixes/thread)", fixGauge, threadCommitted(fixFrom, fixTo),
                                GaugeChart.FIXED, true)),
                GAUGE_LAYOUT, 760, 760));

        Map<String, Path> tests = new LinkedHashMap<>();
        tests.put("thread-leak-test-tagged",
                options.projectRoot().resolve("scenarios/thread/src/test/java/leaklab/thread/BlockedThreadLeakTest.java"));
        tests.put("thread-fix-test-tagged",
                options.projectRoot().resolve("fixes/thread/src/test/java/leaklab/thread/BlockedThreadReleaseTest.java"));
        tests.put("thread-release-test-tagged",
                options.projectRoot().resolve("fixes/thread/src/test/java/leaklab/thread/ReleaseOnceTest.java"));
        proveFacts(tests, facts);
        requireBenchmarksNamed();
        output.writeFacts(facts, ThreadEvidence.class);
    }

    private void probeFacts(ProbeOutput leaking, ProbeOutput fixed, Map<String, String> facts) {
        long timedOut = leaking.number("timedOut");
        long completed = leaking.number("completed");
        long watched = leaking.number("watched");
        Map<String, Long> parked = parkedIn(leaking);
        long inHandOff = parked.getOrDefault(HANDOFF_FRAME, 0L);
        long inWatcher = parked.getOrDefault(WATCHER_FRAME, 0L);
        if (leaking.number("retained") != watched || leaking.number("paths") != 2
                || inHandOff != timedOut || inWatcher != completed) {
            throw contradiction("leakcheck finds " + leaking.number("retained") + " of " + watched + " requests still"
                    + " reachable along " + leaking.number("paths") + " path(s), " + inHandOff + " threads in "
                    + HANDOFF_FRAME + " and " + inWatcher + " in " + WATCHER_FRAME + " in the leaking variant, after "
                    + timedOut + " requests timed out and " + completed + " completed; the chapter says every request"
                    + " stays, along two paths, with a worker left per timed-out request and a watcher per completed one",
                    leaking.retentionReport() + leaking.threadReport());
        }
        if (fixed.number("retained") != 0 || fixed.number("leakedThreads") != 0) {
            throw contradiction("leakcheck finds " + fixed.number("retained") + " requests reachable and "
                    + fixed.number("leakedThreads") + " threads alive in the fixed variant; the chapter says none",
                    fixed.retentionReport() + fixed.threadReport());
        }
        long leakedThreads = leaking.number("leakedThreads");
        facts.put("thread-probe-requests", leaking.fact("requests"));
        facts.put("thread-probe-timeout-ms", leaking.fact("timeoutMillis"));
        facts.put("thread-probe-answer-size", Units.bytes(leaking.number("answerBytes")));
        facts.put("thread-probe-watched", Long.toString(watched));
        facts.put("thread-probe-timed-out", Long.toString(timedOut));
        facts.put("thread-probe-completed", Long.toString(completed));
        facts.put("thread-probe-leak-retained", leaking.fact("retained"));
        facts.put("thread-probe-leak-retained-size", Units.bytes(leaking.number("retainedBytes")));
        facts.put("thread-probe-leak-threads", Long.toString(leakedThreads));
        facts.put("thread-probe-leak-in-handoff", Long.toString(inHandOff));
        facts.put("thread-probe-leak-in-watcher", Long.toString(inWatcher));
        long idle = leakedThreads - inHandOff - inWatcher;
        facts.put("thread-probe-leak-idle", Long.toString(idle));
        if (idle > 0) {
            facts.put("thread-probe-leak-has-idle", "");
        }
        facts.put("thread-probe-fix-timed-out", fixed.fact("timedOut"));
        facts.put("thread-probe-fix-completed", fixed.fact("completed"));
    }

    /** The probe's {@code parkedIn=N frame} lines, by frame. */
    private static Map<String, Long> parkedIn(ProbeOutput probe) {
        Map<String, Long> parked = new LinkedHashMap<>();
        for (String line : probe.all("parkedIn")) {
            int space = line.indexOf(' ');
            parked.put(line.substring(space + 1), Long.parseLong(line.substring(0, space)));
        }
        return parked;
    }

    private void gaugeFacts(GaugeCsv leaking, GaugeCsv fixed, Map<String, String> facts) {
        double leakThreads = leaking.growthPer("threads", "requests", LOOK_FROM);
        double fixThreads = fixed.growthPer("threads", "requests", LOOK_FROM);
        long last = leaking.lastSecond();
        long leakTimedOut = leaking.valueAt("timedOut", last);
        long leakCompleted = leaking.valueAt("requests", last) - leakTimedOut;
        long leakWorkers = leaking.valueAt("busyWorkers", last);
        long leakWatchers = leaking.valueAt("waitingWatchers", last);
        // A worker per timed-out request (waiting to hand its answer over, or still in the slow backend),
        // a watcher per completed one; the request of the moment may add one to either.
        if (leakThreads < 0.9 || Math.abs(leakWorkers - leakTimedOut) > 2 || Math.abs(leakWatchers - leakCompleted) > 2) {
            throw contradiction(String.format(Locale.ROOT, "the leaking demo's gauge shows %+.2f threads per request,"
                    + " and at the end %d busy workers for %d timed-out requests and %d waiting watchers for %d completed"
                    + " ones; the chapter says a thread per request, a worker per timed-out request and a watcher per"
                    + " completed one", leakThreads, leakWorkers, leakTimedOut, leakWatchers, leakCompleted), "");
        }
        long fixLast = fixed.lastSecond();
        if (Math.abs(fixThreads) > 0.05 || fixed.valueAt("busyWorkers", fixLast) > 2
                || fixed.valueAt("waitingWatchers", fixLast) > 2) {
            throw contradiction(String.format(Locale.ROOT, "the fixed demo's gauge shows %+.2f threads per request,"
                    + " and at the end %d busy workers and %d waiting watchers; the chapter says they stay flat",
                    fixThreads, fixed.valueAt("busyWorkers", fixLast), fixed.valueAt("waitingWatchers", fixLast)), "");
        }
        facts.put("thread-demo-rate", Integer.toString(DEMO_RATE));
        facts.put("thread-demo-seconds", Long.toString(last));
        facts.put("thread-demo-window-from", Long.toString(LOOK_FROM));
        facts.put("thread-demo-leak-requests", Long.toString(leaking.valueAt("requests", last)));
        facts.put("thread-demo-leak-timed-out", Long.toString(leakTimedOut));
        facts.put("thread-demo-leak-completed", Long.toString(leakCompleted));
        facts.put("thread-demo-leak-threads-first", Long.toString(leaking.valueAt("threads", 0)));
        facts.put("thread-demo-leak-threads-last", Long.toString(leaking.valueAt("threads", last)));
        facts.put("thread-demo-leak-workers-last", Long.toString(leakWorkers));
        facts.put("thread-demo-leak-watchers-last", Long.toString(leakWatchers));
        facts.put("thread-demo-leak-permits-last", Long.toString(leaking.valueAt("permitsInUse", last)));
        facts.put("thread-demo-leak-threads-per-request", perOperation(leakThreads));
        facts.put("thread-demo-fix-threads-per-request", perOperation(fixThreads));
        facts.put("thread-demo-fix-requests", Long.toString(fixed.valueAt("requests", fixLast)));
        facts.put("thread-demo-fix-timed-out", Long.toString(fixed.valueAt("timedOut", fixLast)));
        facts.put("thread-demo-fix-threads-last", Long.toString(fixed.valueAt("threads", fixLast)));
        facts.put("thread-demo-fix-workers-last", Long.toString(fixed.valueAt("busyWorkers", fixLast)));
        facts.put("thread-demo-fix-watchers-last", Long.toString(fixed.valueAt("waitingWatchers", fixLast)));
    }

    private void threadDumpFacts(ThreadDump leaking, ThreadDump fixed, GaugeCsv leakingGauge, Map<String, String> facts) {
        long workersInHandOff = countWithFrame(leaking, WORKER_PREFIX, HANDOFF_FRAME);
        long watchersWaiting = countWithFrame(leaking, WATCHER_PREFIX, WATCHER_FRAME);
        long timedOut = leakingGauge.valueAt("timedOut", THREAD_DUMP_AT);
        long completed = leakingGauge.valueAt("requests", THREAD_DUMP_AT) - timedOut;
        // The dump is taken just after the gauge line: what the line counted is there, give or take the
        // request of the moment and a slow one still in the backend.
        if (workersInHandOff < timedOut - 2 || watchersWaiting < completed - 2) {
            throw contradiction("the leaking demo's thread dump at " + THREAD_DUMP_AT + " s has " + workersInHandOff
                    + " " + WORKER_PREFIX + "* threads in " + HANDOFF_FRAME + " and " + watchersWaiting + " "
                    + WATCHER_PREFIX + "* in " + WATCHER_FRAME + ", after " + timedOut + " requests timed out and "
                    + completed + " completed; the chapter says each leaves its thread there", "");
        }
        long fixInHandOff = countWithFrame(fixed, WORKER_PREFIX, HANDOFF_FRAME);
        long fixWaiting = countWithFrame(fixed, WATCHER_PREFIX, WATCHER_FRAME);
        if (fixInHandOff > 1 || fixWaiting > 1) {
            throw contradiction("the fixed demo's thread dump has " + fixInHandOff + " workers in " + HANDOFF_FRAME
                    + " and " + fixWaiting + " watchers in " + WATCHER_FRAME + "; the chapter says none stays", "");
        }
        List<ThreadDump.Group> workerGroups = leaking.groups(List.of(WORKER_PREFIX), APP_PACKAGE);
        List<ThreadDump.Group> watcherGroups = leaking.groups(List.of(WATCHER_PREFIX), APP_PACKAGE);
        facts.put("thread-dump-at", Long.toString(THREAD_DUMP_AT));
        facts.put("thread-dump-leak-threads", Integer.toString(leaking.threads().size()));
        facts.put("thread-dump-leak-workers", Integer.toString(leaking.named(WORKER_PREFIX).size()));
        facts.put("thread-dump-leak-workers-in-handoff", Long.toString(workersInHandOff));
        facts.put("thread-dump-leak-watchers", Integer.toString(leaking.named(WATCHER_PREFIX).size()));
        facts.put("thread-dump-leak-watchers-waiting", Long.toString(watchersWaiting));
        facts.put("thread-dump-leak-worker-state", workerGroups.get(0).state());
        facts.put("thread-dump-leak-watcher-state", watcherGroups.get(0).state());
        facts.put("thread-dump-leak-worker-parked-on", leaking.named(WORKER_PREFIX).stream()
                .filter(t -> t.hasFrame(HANDOFF_FRAME)).findFirst().map(ThreadDump.DumpedThread::waitsForClass).orElse(""));
        long noReference = leaking.named(WATCHER_PREFIX).stream().filter(ThreadDump.DumpedThread::waitsForUnknown).count();
        facts.put("thread-dump-leak-watchers-no-reference", Long.toString(noReference));
        if (noReference > 0) {
            facts.put("thread-dump-leak-has-no-reference", "");
        }
        facts.put("thread-dump-fix-threads", Integer.toString(fixed.threads().size()));
        facts.put("thread-dump-fix-workers", Integer.toString(fixed.named(WORKER_PREFIX).size()));
        facts.put("thread-dump-fix-watchers", Integer.toString(fixed.named(WATCHER_PREFIX).size()));
    }

    private static long countWithFrame(ThreadDump dump, String prefix, String frame) {
        return dump.named(prefix).stream().filter(t -> t.hasFrame(frame)).count();
    }

    private void nativeMemoryFacts(NativeMemorySummary leakFrom, NativeMemorySummary leakTo, NativeMemorySummary fixFrom,
                                   NativeMemorySummary fixTo, GaugeCsv leakingGauge, Map<String, String> facts) {
        long leakAdded = leakTo.threads() - leakFrom.threads();
        long gaugeAdded = leakingGauge.valueAt("threads", LOOK_TO) - leakingGauge.valueAt("threads", LOOK_FROM);
        long committedAdded = leakTo.threadStackCommittedKb() - leakFrom.threadStackCommittedKb();
        if (leakAdded < 0.9 * gaugeAdded || committedAdded <= 0) {
            throw contradiction("the leaking demo's native memory summaries count " + leakAdded + " more threads and "
                    + committedAdded + " KB more committed stack after " + LOOK_TO + " s than after " + LOOK_FROM
                    + " s, while its gauge gained " + gaugeAdded + " threads; the chapter says the Thread category grows"
                    + " with the threads", "");
        }
        long fixAdded = fixTo.threads() - fixFrom.threads();
        if (Math.abs(fixAdded) > 3) {
            throw contradiction("the fixed demo's native memory summaries count " + fixAdded + " more threads after "
                    + LOOK_TO + " s than after " + LOOK_FROM + " s; the chapter says the Thread category stays flat", "");
        }
        long reservedAdded = leakTo.threadStackReservedKb() - leakFrom.threadStackReservedKb();
        facts.put("thread-nmt-from", Long.toString(LOOK_FROM));
        facts.put("thread-nmt-to", Long.toString(LOOK_TO));
        facts.put("thread-nmt-leak-threads-from", Long.toString(leakFrom.threads()));
        facts.put("thread-nmt-leak-threads-to", Long.toString(leakTo.threads()));
        facts.put("thread-nmt-leak-threads-added", Long.toString(leakAdded));
        facts.put("thread-nmt-leak-committed-from", kb(leakFrom.category("Thread").committedKb()));
        facts.put("thread-nmt-leak-committed-to", kb(leakTo.category("Thread").committedKb()));
        facts.put("thread-nmt-leak-reserved-from", kb(leakFrom.category("Thread").reservedKb()));
        facts.put("thread-nmt-leak-reserved-to", kb(leakTo.category("Thread").reservedKb()));
        facts.put("thread-nmt-leak-stack-committed-per-thread", kb(committedAdded / (double) leakAdded));
        facts.put("thread-nmt-leak-stack-reserved-per-thread", kb(reservedAdded / (double) leakAdded));
        facts.put("thread-nmt-fix-threads-from", Long.toString(fixFrom.threads()));
        facts.put("thread-nmt-fix-threads-to", Long.toString(fixTo.threads()));
        facts.put("thread-nmt-fix-committed-from", kb(fixFrom.category("Thread").committedKb()));
        facts.put("thread-nmt-fix-committed-to", kb(fixTo.category("Thread").committedKb()));
        facts.put("thread-nmt-fix-reserved-to", kb(fixTo.category("Thread").reservedKb()));
    }

    /** Both looks of one demo, each under the command that took it. */
    private static String nativeMemoryExcerpt(NativeMemorySummary from, NativeMemorySummary to) {
        return "$ jcmd <pid> " + NATIVE_MEMORY + "      # after " + LOOK_FROM + " s\n" + from.threadExcerpt()
                + "\n$ jcmd <pid> " + NATIVE_MEMORY + "      # after " + LOOK_TO + " s\n" + to.threadExcerpt();
    }

    private static Map<Long, Long> threadCommitted(NativeMemorySummary from, NativeMemorySummary to) {
        Map<Long, Long> points = new LinkedHashMap<>();
        points.put(LOOK_FROM, from.category("Thread").committedKb() * 1024);
        points.put(LOOK_TO, to.category("Thread").committedKb() * 1024);
        return points;
    }

    private static NativeMemorySummary nativeMemory(LiveDemoRun.Result demo, long second, String variant) {
        try {
            return NativeMemorySummary.parse(demo.jcmd(second, NATIVE_MEMORY));
        } catch (IllegalArgumentException e) {
            throw new EvidenceException("the " + variant + " demo's native memory summary at " + second + " s: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Checks that every benchmark the Cost section names still exists in the benchmarks module, as the
     * Prove section's tests are checked: an include cannot tell that a class was renamed.
     */
    private void requireBenchmarksNamed() throws IOException {
        Path dir = options.projectRoot().resolve("benchmarks/src/main/java/leaklab/benchmarks/thread");
        Matcher named = BENCHMARK.matcher(section("cost"));
        while (named.find()) {
            if (!Files.isRegularFile(dir.resolve(named.group() + ".java"))) {
                throw new EvidenceException("the Cost section of thread.adoc names the benchmark " + named.group()
                        + ", which benchmarks/src/main/java/leaklab/benchmarks/thread does not have: was it renamed?"
                        + " Update the text to the benchmarks as they are");
            }
        }
    }

    /** The width of the demo's gauge table, which the PDF's copy of its console is cut to. */
    static int gaugeWidth(String console) {
        return console.lines().filter(line -> GAUGE_TABLE.matcher(line).matches()).mapToInt(String::length).max()
                .orElse(PRINT_WIDTH);
    }

    private static String kb(double kb) {
        return Units.bytes(kb * 1024);
    }
}
