package leaklab.benchmarks.thread;

import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import leaklab.benchmarks.BodyAllocationProfiler;
import leaklab.benchmarks.ForkedJvm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
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
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(
        value = 1,
        jvmArgs = {ForkedJvm.HEAP_MIN, ForkedJvm.HEAP_MAX},
        jvmArgsAppend = {ForkedJvm.OPEN_JAVA_LANG, ForkedJvm.OPEN_JAVA_UTIL, ForkedJvm.OPEN_JAVA_UTIL_CONCURRENT})
public class ThreadCost_01_ReleaseOnce {

    /*
     * What does the fix's safe release cost, by itself?
     *
     * When a request completes, the leaking Gateway.call gives its permit back directly,
     * permits.release(), and nobody tells the watcher. The fixed one runs the RequestScope.Release
     * that onCancel returned: a compareAndSet on an AtomicBoolean, so that the permit goes back
     * exactly once whoever comes first (the caller or the watcher), then the callback, then a
     * synchronized notifyAll on the scope to wake the watcher. So we measure what a request's
     * release costs in each variant: a new RequestScope, onCancel(permits::release), and the
     * completion, leaking (the callback, directly) against fixed (the Release).
     *
     * Release has a private constructor and is only handed out by onCancel, so the benchmark goes
     * through the public API, as Gateway.call does: new RequestScope, onCancel, then run. Both
     * variants pay the scope and the watcher's task object; the difference is the Release.
     *
     * What is kept out: the watcher's thread. The scope's executor here keeps the watcher task
     * and never runs it (NO_WATCHER_THREAD), so the wake-up finds nobody waiting, and neither
     * variant leaks a thread: this file measures the wrapper alone. Waking a watcher that really
     * waits is ThreadCost_03; a whole request, threads and all, is ThreadCost_04. The executor
     * stores the task in a field, so the compiler cannot prove that the scope, the Release and
     * the task never escape and allocate none of them (escape analysis): a real executor would
     * hand them to another thread.
     *
     * Bytes allocated: the benchmark thread's own, from the iteration's setup to its teardown
     * (BodyAllocationProfiler, started and stopped there rather than per call: reading the
     * thread's allocation counter costs about as much as what we measure). Nothing else runs on
     * that thread in between, and JMH's own loop allocates nothing.
     */

    @Param({"leaking", "fixed"})
    public String variant;

    private ThreadVariant thread;
    private Semaphore permits;
    private Runnable givePermitBack;
    private Runnable watcherThatNeverRuns; // where NO_WATCHER_THREAD puts the task: it escapes, as in a pool
    private Executor noWatcherThread;
    private long allocatedBefore;

    @Setup(Level.Trial)
    public void loadVariant() {
        thread = ThreadVariant.of(variant);
        permits = new Semaphore(0);
        givePermitBack = permits::release; // what Gateway.call passes to onCancel
        noWatcherThread = task -> watcherThatNeverRuns = task;
    }

    @Setup(Level.Iteration)
    public void startCounting() {
        allocatedBefore = BodyAllocationProfiler.start();
    }

    @Benchmark
    public Object requestReleased() {
        Object scope = thread.newScope("request", noWatcherThread);
        Runnable release = thread.onCancel(scope, givePermitBack);
        release.run(); // leaking: permits.release(); fixed: Release.run(), once, then notifyAll
        return scope;
    }

    @TearDown(Level.Iteration)
    public void stopCounting() {
        BodyAllocationProfiler.stop(allocatedBefore);
        permits.drainPermits(); // released once per call: the count would otherwise reach Integer.MAX_VALUE
    }

    /*
     * ============================== HOW TO RUN THIS TEST: ====================================
     *
     * The figures: the Cost table of the book's thread chapter, generated from
     * benchmarks/results/thread.json (rows ThreadCost_01_ReleaseOnce). How to read them: the fixed
     * release allocates the Release and its AtomicBoolean on top of what both sides allocate (the
     * scope and the watcher's task), and spends its time on the compareAndSet and on the scope's
     * monitor, taken and released around notifyAll (which, with nobody waiting, returns at once).
     * That is a large share of a step that costs nanoseconds, and nothing next to a whole request
     * (ThreadCost_04). What it buys is ThreadCost_03's subject: the watcher gets woken, and ends.
     *
     * You can run this test:
     *
     * a) Via the command line, from the project root:
     *    $ ./mvnw -q package -pl benchmarks -am -DskipTests
     *    $ java -jar benchmarks/target/benchmarks.jar ThreadCost_01 -prof leaklab.benchmarks.BodyAllocationProfiler
     *
     * b) Via the Java API (run main from the IDE, benchmarks built as above).
     */

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(ThreadCost_01_ReleaseOnce.class.getSimpleName())
                .addProfiler(BodyAllocationProfiler.class)
                .build();
        new Runner(options).run();
    }
}
