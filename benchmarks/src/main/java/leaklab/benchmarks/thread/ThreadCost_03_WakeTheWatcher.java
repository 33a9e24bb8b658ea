package leaklab.benchmarks.thread;

import io.github.leaklab.leakcheck.ThreadSnapshot;
import io.github.leaklab.leakcheck.Threads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
@Warmup(iterations = 20)
@Measurement(iterations = 30)
@Fork(
        value = 1,
        jvmArgs = {ForkedJvm.HEAP_MIN, ForkedJvm.HEAP_MAX},
        jvmArgsAppend = {ForkedJvm.OPEN_JAVA_LANG, ForkedJvm.OPEN_JAVA_UTIL, ForkedJvm.OPEN_JAVA_UTIL_CONCURRENT})
public class ThreadCost_03_WakeTheWatcher {

    /*
     * What does the release cost when a watcher really waits?
     *
     * ThreadCost_01 measured the Release with nobody to wake. In the gateway, every request's
     * watcher is a pool thread parked in RequestScope.awaitCancellation (Object.wait). The fixed
     * release's notifyAll then has a thread to wake: the JVM moves it off the scope's wait set,
     * and the monitor exit that follows unparks it, a system call. The leaking release does not
     * wake it at all. So here each operation is the release of a request whose watcher is
     * parked, leaking (permits.release(), directly) against fixed (Release.run()). The call is
     * the same in both: Runnable.run() on what ThreadVariant.onCancel returned.
     *
     * The trap: every leaking release leaves its watcher parked forever, a thread per operation.
     * An AverageTime loop would pile up as many threads as the iteration has calls. And the
     * watchers must already be parked before the clock starts, which takes milliseconds.
     *
     * What we do instead, as in TimerCost_01: an iteration is one batch of REQUESTS_PER_BATCH
     * releases, timed as a whole (Mode.SingleShotTime, see JMHSample_26_BatchSize) and divided by
     * the batch size (@OperationsPerInvocation). The iteration's setup makes the batch's scopes,
     * starts their watchers on a cached pool like the gateway's, and waits until every one of them
     * is parked (Thread.State.WAITING). The teardown shuts the pool down, which interrupts the
     * watchers still parked (the leaking variant's, every one), and stops and joins whatever the
     * iteration started with leakcheck's ThreadLeaks, failing if a watcher survives. A run never
     * holds more than REQUESTS_PER_BATCH watchers.
     *
     * What is not in the figure: the woken watcher's own work (it takes the monitor again, sees
     * the request released, and goes back to its pool), done on another core; with two cores it
     * competes with the benchmark thread, as it would in a server.
     *
     * Bytes allocated: the batch's own, on the benchmark thread (BodyAllocationProfiler); the
     * Release and the scope were allocated in the setup, with onCancel (ThreadCost_01 has them).
     */

    static final int REQUESTS_PER_BATCH = 1_000;

    @Param({"leaking", "fixed"})
    public String variant;

    private ThreadVariant thread;
    private Semaphore permits;
    private Runnable givePermitBack;
    private ThreadSnapshot threadsBefore;
    private ExecutorService watchers;
    private final List<Thread> watcherThreads = new CopyOnWriteArrayList<>();
    private final Runnable[] releases = new Runnable[REQUESTS_PER_BATCH];

    @Setup(Level.Trial)
    public void loadVariant() {
        thread = ThreadVariant.of(variant);
        permits = new Semaphore(0);
        givePermitBack = permits::release;
    }

    @Setup(Level.Iteration)
    public void requestsWithParkedWatchers() {
        // Only watchers: the harness has threads of its own, which are nobody's leak.
        threadsBefore = Threads.snapshot().ignoring(thread -> !thread.getName().startsWith("cancel-watcher-"));
        watcherThreads.clear();
        // What Gateway's cachedPool("cancel-watcher-") makes.
        watchers =
                new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), work -> {
                    Thread watcher = new Thread(work, "cancel-watcher-" + watcherThreads.size());
                    watcher.setDaemon(true);
                    watcherThreads.add(watcher);
                    return watcher;
                });
        for (int i = 0; i < releases.length; i++) {
            Object scope = thread.newScope("request-" + i, watchers);
            releases[i] = thread.onCancel(scope, givePermitBack);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!allParked()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The " + REQUESTS_PER_BATCH + " watchers did not all park in "
                        + "RequestScope.awaitCancellation within 30 s (" + watcherThreads.size()
                        + " started): the batch would not measure a wake-up");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private boolean allParked() {
        if (watcherThreads.size() < REQUESTS_PER_BATCH) {
            return false;
        }
        for (Thread watcher : watcherThreads) {
            if (watcher.getState() != Thread.State.WAITING) {
                return false;
            }
        }
        return true;
    }

    @Benchmark
    @OperationsPerInvocation(REQUESTS_PER_BATCH)
    public void releaseWithWatcherParked() {
        long allocatedBefore = BodyAllocationProfiler.start();
        for (Runnable release : releases) {
            release.run(); // leaking: permits.release(), the watcher stays parked; fixed: Release.run() wakes it
        }
        BodyAllocationProfiler.stop(allocatedBefore);
    }

    @TearDown(Level.Iteration)
    public void stopWhatTheIterationLeftBehind() {
        permits.drainPermits();
        watchers.shutdownNow(); // interrupts the watchers still parked: the leaking variant's, all of them
        List<Thread> zombies =
                threadsBefore.stopNewThreads(Duration.ofSeconds(30)).survivors(); // and joins them
        if (!zombies.isEmpty()) {
            throw new IllegalStateException(zombies.size() + " watcher threads survived the teardown; "
                    + "the next iteration would measure them. First: " + zombies.get(0));
        }
    }

    /*
     * ============================== HOW TO RUN THIS TEST: ====================================
     *
     * The figures: the Cost table of the book's thread chapter, generated from
     * benchmarks/results/thread.json (rows ThreadCost_03_WakeTheWatcher). How to read them: waking
     * the watcher is what the fix pays for, the unpark at the monitor's exit and the woken thread
     * competing for the cores; the leaking release only gives a permit back (and is timed cold
     * here: a batch of calls timed once, right after a setup that started as many threads). The
     * leaking release is cheaper only because it never does this work: its watcher stays parked,
     * holding a thread and its stack for as long as the JVM runs, and the pool starts a new one for
     * the next request (ThreadCost_04 shows what that costs).
     *
     * You can run this test:
     *
     * a) Via the command line, from the project root:
     *    $ ./mvnw -q package -pl benchmarks -am -DskipTests
     *    $ java -jar benchmarks/target/benchmarks.jar ThreadCost_03 -prof leaklab.benchmarks.BodyAllocationProfiler
     *
     * b) Via the Java API (run main from the IDE, benchmarks built as above).
     */

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(ThreadCost_03_WakeTheWatcher.class.getSimpleName())
                .addProfiler(BodyAllocationProfiler.class)
                .build();
        new Runner(options).run();
    }
}
