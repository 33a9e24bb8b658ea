package leaklab.benchmarks.timer;

import io.github.leaklab.leakcheck.ThreadSnapshot;
import io.github.leaklab.leakcheck.Threads;
import java.time.Duration;
import java.util.List;
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
@Warmup(iterations = 10)
@Measurement(iterations = 60)
@Fork(
        value = 1,
        jvmArgs = {ForkedJvm.HEAP_MIN, ForkedJvm.HEAP_MAX},
        jvmArgsAppend = {ForkedJvm.OPEN_JAVA_LANG, ForkedJvm.OPEN_JAVA_UTIL, ForkedJvm.OPEN_JAVA_UTIL_CONCURRENT})
public class TimerCost_01_OpenAndClose {

    /*
     * What does the fix cost a client that connects and leaves?
     *
     * The fix adds two calls to Session.close(): ScheduledFuture.cancel(false), which takes the
     * session's heartbeat out of the executor's queue (the fixed manager sets
     * setRemoveOnCancelPolicy(true)), and Timer.cancel(), which ends the idle timer's thread. Both
     * variants do the same work to open a session: allocate its 32 KiB outbound buffer, schedule
     * the heartbeat, start a Timer thread. So we measure one open plus one close, leaking
     * (scenarios/timer) against fixed (fixes/timer), with SessionManager.Settings.defaults(), in
     * time and in bytes allocated, on a server where CONNECTED_CLIENTS other clients stay
     * connected throughout, as on a live server. (On an empty server every open would make its
     * heartbeat the head of the executor's queue and wake the heartbeat thread: a cost only an
     * idle server pays, and only the fixed one, whose queue empties at each close.)
     *
     * The trap: every leaking open starts a Timer thread that nothing ever stops. A usual
     * AverageTime benchmark calls open and close for as long as the iteration lasts; at some
     * hundred microseconds a call, that is thousands of new live threads per second, and the
     * figure would describe a JVM drowning in threads rather than the cost of close(). The leak's
     * own cost (a thread and 32 KiB held per closed session, forever) is the scenario's subject.
     *
     * What we do instead: an iteration is one batch of SESSIONS_PER_BATCH opens and closes, timed
     * as a whole (Mode.SingleShotTime, see JMHSample_26_BatchSize for workloads without a steady
     * state) and divided by the batch size (@OperationsPerInvocation), so that the score reads
     * per session. Each iteration gets a new SessionManager and its connected clients; after it,
     * the teardown closes the manager and stops every Timer thread the iteration left behind (the
     * way the fix would have: by cancelling its timer). So a run never holds more than
     * CONNECTED_CLIENTS + SESSIONS_PER_BATCH Timer threads, however fast the machine. The loop
     * inside the benchmark method is harmless here (JMHSample_11_Loops says when it is not): each
     * turn starts a thread and goes through shared queues, nothing the compiler could fold away.
     *
     * Bytes allocated: -prof gc's gc.alloc.rate.norm would also count the setup and the teardown,
     * which reads the stacks of the threads it stops (more of them for the leaking variant, so
     * the difference would be the teardown's). The method measures its own allocation instead,
     * and BodyAllocationProfiler reports it per session as body.alloc.norm.
     */

    static final int SESSIONS_PER_BATCH = 1_000;
    static final int CONNECTED_CLIENTS = 1_000;

    @Param({"leaking", "fixed"})
    public String variant;

    private TimerVariant timer;
    private String[] userIds;
    private AutoCloseable manager;
    private ThreadSnapshot timerThreadsBefore;

    @Setup(Level.Trial)
    public void loadVariant() {
        timer = TimerVariant.of(variant);
        userIds = new String[SESSIONS_PER_BATCH];
        for (int i = 0; i < userIds.length; i++) {
            userIds[i] = "user-" + i; // built here, so the benchmark does not measure string concatenation
        }
    }

    @Setup(Level.Iteration)
    public void serverWithConnectedClients() {
        // Only Timer threads: the heartbeat thread is the manager's, and the harness has its own.
        timerThreadsBefore = Threads.snapshot().ignoring(thread -> !isTimerThread(thread));
        manager = timer.newManager();
        for (int i = 0; i < CONNECTED_CLIENTS; i++) {
            timer.open(manager, "connected-" + i); // stays open until the teardown closes the manager
        }
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
    public void stopWhatTheIterationLeftBehind() throws Exception {
        manager.close();
        List<Thread> zombies =
                timerThreadsBefore.stopNewThreads(Duration.ofSeconds(30)).survivors();
        if (!zombies.isEmpty()) {
            throw new IllegalStateException(zombies.size() + " Timer threads survived the teardown; "
                    + "the next iteration would measure them. First: " + zombies.get(0));
        }
    }

    private static boolean isTimerThread(Thread thread) {
        return thread.getClass().getName().equals("java.util.TimerThread");
    }

    /*
     * ============================== HOW TO RUN THIS TEST: ====================================
     *
     * The figures: the Cost table of the book's timer chapter, generated from
     * benchmarks/results/timer.json (rows TimerCost_01_OpenAndClose). How to read them: starting
     * the Timer thread is what a session costs on both sides, and the two cancels are small next
     * to it; the fixed close also waits for nothing but pays for ending the idle timer's thread,
     * which the leaking side never ends. The bytes are the same on both sides: the 32 KiB buffer
     * plus the session, future, Timer and thread objects; cancelling allocates nothing. What the
     * leaking close saves, it never pays back: each closed session keeps its thread and its 32 KiB.
     * And if the fix must be cheaper still, the thread is the thing to remove: schedule the idle
     * timeout on the shared executor, and a session costs what TimerCost_02 measures with the
     * idle timer off.
     *
     * You can run this test:
     *
     * a) Via the command line, from the project root:
     *    $ ./mvnw -q package -pl benchmarks -am -DskipTests
     *    $ java -jar benchmarks/target/benchmarks.jar TimerCost_01 -prof leaklab.benchmarks.BodyAllocationProfiler
     *
     * b) Via the Java API (run main from the IDE, benchmarks built as above; see the JMH homepage
     *    for caveats when running from an IDE).
     */

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(TimerCost_01_OpenAndClose.class.getSimpleName())
                .addProfiler(BodyAllocationProfiler.class)
                .build();
        new Runner(options).run();
    }
}
