package leaklab.benchmarks.timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import leaklab.benchmarks.BodyAllocationProfiler;
import leaklab.benchmarks.ForkedJvm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, batchSize = 20)
@Measurement(iterations = 50)
@Fork(
        value = 1,
        jvmArgs = {ForkedJvm.HEAP_MIN, ForkedJvm.HEAP_MAX},
        jvmArgsAppend = {ForkedJvm.OPEN_JAVA_LANG, ForkedJvm.OPEN_JAVA_UTIL, ForkedJvm.OPEN_JAVA_UTIL_CONCURRENT})
public class TimerCost_02_QueuedHeartbeats {

    /*
     * Does the leak make the server slower as it accumulates?
     *
     * Every session the leaking variant closes leaves its heartbeat in the executor's work queue,
     * for good. That queue is a binary heap ordered by the time each task is due: an insert or a
     * removal costs up to O(log n) sift steps. So we open and close sessions on a manager that
     * has already opened and closed `closedBefore` sessions: 0, 10,000 or 100,000. The leaking
     * manager then holds that many dead heartbeats; the fixed one, given the same history, holds
     * none. Both also serve CONNECTED_CLIENTS clients that stay connected, as in TimerCost_01, so
     * that their queues are never empty. The setup checks the queue's length and stops the run if
     * it is not what this comment says.
     *
     * What is kept out, so that the queue is the only difference:
     * - the idle timer: sessions here have idleTimeout = Duration.ZERO, so no thread is started
     *   (TimerCost_01 measures that part);
     * - heartbeats firing: the interval is an hour, so no heartbeat runs during a measurement.
     *   In production the leaked heartbeats do run, each waking the executor for nothing: that
     *   CPU cost grows with the leak too, and is not in these figures;
     * - the buffer: 256 bytes rather than the default 32 KiB, so that 100,000 leaked sessions fit
     *   a small heap; its size does not change what the queue does;
     * - the GC debt of building the history: the setup collects before the batch starts.
     *
     * As in TimerCost_01, an iteration is one batch of SESSIONS_PER_BATCH opens and closes
     * (Mode.SingleShotTime, divided per session by @OperationsPerInvocation), on a new manager
     * given its history in the iteration's setup. A batch cannot run for a fixed time instead:
     * each leaking close adds a heartbeat, so the history would grow with the measurement. Within
     * a batch it still grows by up to SESSIONS_PER_BATCH, which matters only for the 0 row.
     * Bytes allocated come from BodyAllocationProfiler, as in TimerCost_01: -prof gc would add
     * the history's bytes, about 56 KB per measured session for a history of 100,000.
     *
     * Warm-up: a history of 100,000 also warms the compiler up, a history of 0 does not. So each
     * warm-up iteration calls the benchmark 20 times (batchSize = 20, see JMHSample_26), 200,000
     * sessions in all, and every row is measured on compiled code.
     */

    static final int SESSIONS_PER_BATCH = 1_000;
    static final int CONNECTED_CLIENTS = 1_000;

    private static final Duration HEARTBEAT_NEVER_DUE_DURING_A_RUN = Duration.ofHours(1);
    private static final Duration IDLE_TIMER_OFF = Duration.ZERO;
    private static final int SMALL_BUFFER_BYTES = 256;

    @Param({"leaking", "fixed"})
    public String variant;

    @Param({"0", "10000", "100000"})
    public int closedBefore;

    private TimerVariant timer;
    private String[] userIds;
    private AutoCloseable manager;

    @Setup(Level.Trial)
    public void loadVariant() {
        timer = TimerVariant.of(variant);
        userIds = new String[SESSIONS_PER_BATCH];
        for (int i = 0; i < userIds.length; i++) {
            userIds[i] = "user-" + i;
        }
    }

    @Setup(Level.Iteration)
    public void serverWithHistory() throws Exception {
        manager = timer.newManager(HEARTBEAT_NEVER_DUE_DURING_A_RUN, IDLE_TIMER_OFF, SMALL_BUFFER_BYTES);
        for (int i = 0; i < CONNECTED_CLIENTS; i++) {
            timer.open(manager, "connected-" + i); // stays open until the teardown closes the manager
        }
        for (int i = 0; i < closedBefore; i++) {
            timer.open(manager, "earlier-client").close();
        }
        int expected = CONNECTED_CLIENTS + (variant.equals("leaking") ? closedBefore : 0);
        int queued = timer.queuedTasks(manager);
        if (queued != expected) {
            throw new IllegalStateException("With " + CONNECTED_CLIENTS + " clients connected and "
                    + closedBefore + " sessions opened and closed before, the " + variant + " variant "
                    + "should have " + expected + " heartbeats queued, but has " + queued
                    + ": these figures would not measure what they claim");
        }
        System.gc(); // the garbage of the history, collected now rather than during the batch
    }

    @Benchmark
    @OperationsPerInvocation(SESSIONS_PER_BATCH)
    public void openAndClose() throws Exception {
        long allocatedBefore = BodyAllocationProfiler.start();
        for (String userId : userIds) {
            timer.open(manager, userId).close();
        }
        BodyAllocationProfiler.stop(allocatedBefore);
    }

    @TearDown(Level.Iteration)
    public void closeManager() throws Exception {
        manager.close(); // shutdownNow: drops the queued heartbeats, and the sessions they hold
    }

    /*
     * ============================== HOW TO RUN THIS TEST: ====================================
     *
     * The figures: the Cost table of the book's timer chapter, generated from
     * benchmarks/results/timer.json (rows TimerCost_02_QueuedHeartbeats). How to read them: the
     * leaking rows from top to bottom show what the piled-up heartbeats cost a new session. Expect
     * little: a new heartbeat is due later than every queued one, so it lands at the bottom of the
     * heap and never sifts up, and the queue's O(log n) is not paid. The chapter says only what the
     * recorded run shows beyond its errors (a build check holds it to the JSON); a run on another
     * machine may show less. What the leak costs is memory (every closed session's heartbeat and
     * what it holds, never returned) and, in production, a wake-up of the executor for every dead
     * heartbeat at every interval. The fixed rows stay level whatever the history, because the
     * fixed queue never grows; the fix costs a few tens of nanoseconds per session for cancelling
     * the future and taking it out of the queue, and a few bytes for the field that keeps the future.
     *
     * You can run this test:
     *
     * a) Via the command line, from the project root:
     *    $ ./mvnw -q package -pl benchmarks -am -DskipTests
     *    $ java -jar benchmarks/target/benchmarks.jar TimerCost_02 -prof leaklab.benchmarks.BodyAllocationProfiler
     *
     *    Other histories with "-p closedBefore=1000,1000000" (a million needs a larger heap:
     *    -jvmArgs "-Xms2g -Xmx2g").
     *
     * b) Via the Java API (run main from the IDE, benchmarks built as above).
     */

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(TimerCost_02_QueuedHeartbeats.class.getSimpleName())
                .addProfiler(BodyAllocationProfiler.class)
                .build();
        new Runner(options).run();
    }
}
