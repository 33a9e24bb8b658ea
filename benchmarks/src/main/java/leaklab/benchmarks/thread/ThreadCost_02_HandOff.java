package leaklab.benchmarks.thread;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import java.util.concurrent.SynchronousQueue;
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
public class ThreadCost_02_HandOff {

    /*
    * Does the bounded hand-off cost more than put on the normal path?
    *
    * A gateway worker hands its answer to the caller through a SynchronousQueue. The leaking
    * worker calls reply.put(answer), which waits for a taker for ever: when the caller has
    * timed out and left, the worker never comes back. The fixed worker calls
    * reply.offer(answer, timeout, NANOSECONDS), which gives up with the caller. On the normal
    * path the caller is already waiting in reply.poll(timeout) when the answer comes, and that
    * is the path every request that does not time out takes. So each operation here is one
    * hand-off to a receiver that is parked in poll, put (leaking) against offer with a timeout (fixed).
    *
    * Not through the variants: the hand-off sits inside a lambda in Gateway.call, which no
    * public member exposes. So this file runs the two JDK calls the variants make, on the same
    * kind of queue, exactly as written in scenarios/thread and fixes/thread (the handoff tag);
    * ThreadCost_04 measures them inside the real Gateway.call.
    *
    * The receiver: one thread of this benchmark's, the caller, looping on reply.poll(2 s) as
    * Gateway.call does. "Already waiting" is made sure of before each operation, outside the
    * measured time: a per-invocation setup waits until the receiver is parked
    * (Thread.State.TIMED_WAITING). Per-invocation fixtures cost a pair of timestamps per call
    * (JMHSample_07_FixtureLevelInvocation, and Level.Invocation's javadoc): tens of
    * nanoseconds, the same in both variants, next to a hand-off that wakes a parked thread.
    *
    * Neither variant leaks here: with a receiver waiting, put returns. (Without one, the
    * leaking put would block this benchmark's thread for ever; the setup's wait is also what
    * keeps that from happening.) The bytes allocated are the benchmark thread's, from the
    * iteration's setup to its teardown, as in ThreadCost_01 (waiting allocates nothing).

    */

    private static final String ANSWER = "answer";
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(2); // Gateway.Settings.defaults()

    @Param({"leaking", "fixed"})
    public String variant;

    private boolean bounded;
    private SynchronousQueue<String> reply;
    private volatile boolean receiving;
    private Thread receiver;
    private long allocatedBefore;

    @Setup(Level.Trial)
    public void startTheReceiver() {
        bounded = switch (variant) {
            case "leaking" -> false;
            case "fixed" -> true;
            default -> throw new IllegalArgumentException("variant is leaking or fixed, not " + variant);
        };
        reply = new SynchronousQueue<>();
        receiving = true;
        receiver = new Thread(
                () -> {
                    while (receiving) {
                        try {
                            reply.poll(TIMEOUT_NANOS, NANOSECONDS); // what Gateway.call's caller does
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "handoff-receiver");
        receiver.setDaemon(true);
        receiver.start();
    }

    @Setup(Level.Iteration)
    public void startCounting() {
        allocatedBefore = BodyAllocationProfiler.start();
    }

    @Setup(Level.Invocation)
    public void waitForTheReceiverToPark() {
        while (receiver.getState() != Thread.State.TIMED_WAITING) {
            if (!receiver.isAlive()) {
                throw new IllegalStateException("the receiver thread ended; a put would now block for ever");
            }
            Thread.onSpinWait();
        }
    }

    @Benchmark
    public boolean handOff() throws InterruptedException {
        if (bounded) {
            return reply.offer(ANSWER, TIMEOUT_NANOS, NANOSECONDS); // fixes/thread
        }
        reply.put(ANSWER); // scenarios/thread
        return true;
    }

    @TearDown(Level.Iteration)
    public void stopCounting() {
        BodyAllocationProfiler.stop(allocatedBefore);
    }

    @TearDown(Level.Trial)
    public void stopTheReceiver() throws InterruptedException {
        receiving = false;
        receiver.interrupt();
        receiver.join(TimeUnit.SECONDS.toMillis(10));
        if (receiver.isAlive()) {
            throw new IllegalStateException("the receiver thread did not stop: " + receiver);
        }
    }

    /*
     * ============================== HOW TO RUN THIS TEST: ====================================
     *
     * The figures: the Cost table of the book's thread chapter, generated from
     * benchmarks/results/thread.json (rows ThreadCost_02_HandOff). How to read them: compare the
     * difference of the two sides with their errors before reading anything into it. The JDK says
     * why they should be alike: put(e) and offer(e, timeout, unit) both call the queue's
     * transfer(e, timed, nanos), and with a receiver waiting, transfer pushes one node that matches
     * the receiver, hands the answer over and unparks it, timed or not; the timeout is read only
     * when nobody waits. Most of the time is that unpark: a system call, and a parked thread
     * scheduled again (hence wide errors on a shared machine). The bounded hand-off costs nothing
     * on the normal path; what it changes is the abnormal one, where put would wait for ever.
     *
     * You can run this test:
     *
     * a) Via the command line, from the project root:
     *    $ ./mvnw -q package -pl benchmarks -am -DskipTests
     *    $ java -jar benchmarks/target/benchmarks.jar ThreadCost_02 -prof leaklab.benchmarks.BodyAllocationProfiler
     *
     * b) Via the Java API (run main from the IDE, benchmarks built as above).
     */

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(ThreadCost_02_HandOff.class.getSimpleName())
                .addProfiler(BodyAllocationProfiler.class)
                .build();
        new Runner(options).run();
    }
}
