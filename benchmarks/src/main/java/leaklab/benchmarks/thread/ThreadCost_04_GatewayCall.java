package leaklab.benchmarks.thread;

import io.github.leaklab.leakcheck.ThreadSnapshot;
import io.github.leaklab.leakcheck.Threads;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
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
@Warmup(iterations = 20)
@Measurement(iterations = 30)
@Fork(
        value = 1,
        jvmArgs = {ForkedJvm.HEAP_MIN, ForkedJvm.HEAP_MAX},
        jvmArgsAppend = {ForkedJvm.OPEN_JAVA_LANG, ForkedJvm.OPEN_JAVA_UTIL, ForkedJvm.OPEN_JAVA_UTIL_CONCURRENT})
public class ThreadCost_04_GatewayCall {

    /*
     * What does the fix cost a whole request that completes?
     *
     * ThreadCost_01 to _03 took the fix apart: the Release, the bounded hand-off, the wake-up.
     * Here is the request as a client sees it: Gateway.call on the normal path, the backend
     * answering at once, leaking (scenarios/thread) against fixed (fixes/thread), with
     * Gateway.Settings.defaults() (2 s timeout, 64 requests in flight). A call takes a permit,
     * starts a watcher on the watcher pool, hands the request to a worker, waits for the answer
     * and gives the permit back. The backend is a method handle behind the variant's
     * Gateway.Backend interface (MethodHandleProxies), the same in both variants.
     *
     * The trap: every leaking call that completes leaves its watcher parked for ever. The pool
     * never gets that thread back, so the next call's watcher is a new thread, and an AverageTime
     * loop would pile up a thread per call, thousands a second. The fixed call wakes its watcher,
     * which goes back to the pool for the next request.
     *
     * What we do instead, as in TimerCost_01: an iteration is one batch of CALLS_PER_BATCH calls
     * on a new gateway, timed as a whole (Mode.SingleShotTime, see JMHSample_26_BatchSize) and
     * divided by the batch size (@OperationsPerInvocation). The teardown closes the gateway
     * (the fixed close shuts both pools down; the leaking one forgets them) and stops every
     * gateway thread the iteration left behind, with leakcheck's ThreadLeaks. So a run never
     * holds more than CALLS_PER_BATCH leaked watchers. The first calls of each batch start the
     * pools' first threads in both variants: that is part of a new gateway's cost, the same in
     * both, and spread over the batch.
     *
     * Bytes allocated: the calling thread's own (BodyAllocationProfiler). The worker and the
     * watcher allocate on their own threads, and are not counted.
     */

    static final int CALLS_PER_BATCH = 500;

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final int MAX_IN_FLIGHT = 64;

    @Param({"leaking", "fixed"})
    public String variant;

    private ThreadVariant thread;
    private MethodHandle backend;
    private String[] requests;
    private ThreadSnapshot threadsBefore;
    private AutoCloseable gateway;

    @Setup(Level.Trial)
    public void loadVariant() throws ReflectiveOperationException {
        thread = ThreadVariant.of(variant);
        backend = MethodHandles.lookup()
                .findStatic(
                        ThreadCost_04_GatewayCall.class,
                        "answerAtOnce",
                        java.lang.invoke.MethodType.methodType(String.class, String.class));
        requests = new String[CALLS_PER_BATCH];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = "request-" + i; // built here, so the benchmark does not measure string concatenation
        }
    }

    /** The backend: answers at once, so every call takes the normal path. */
    static String answerAtOnce(String request) {
        return "answer";
    }

    @Setup(Level.Iteration)
    public void newGateway() {
        // Only the gateway's threads: the harness has threads of its own, which are nobody's leak.
        threadsBefore = Threads.snapshot().ignoring(thread -> !isGatewayThread(thread));
        gateway = thread.newGateway(TIMEOUT, MAX_IN_FLIGHT, backend);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS_PER_BATCH)
    public void callCompletes() {
        long allocatedBefore = BodyAllocationProfiler.start();
        for (String request : requests) {
            thread.call(gateway, request);
        }
        BodyAllocationProfiler.stop(allocatedBefore);
    }

    @TearDown(Level.Iteration)
    public void stopWhatTheIterationLeftBehind() throws Exception {
        gateway.close();
        List<Thread> zombies =
                threadsBefore.stopNewThreads(Duration.ofSeconds(30)).survivors();
        if (!zombies.isEmpty()) {
            throw new IllegalStateException(zombies.size() + " gateway threads survived the teardown; "
                    + "the next iteration would measure them. First: " + zombies.get(0));
        }
    }

    private static boolean isGatewayThread(Thread thread) {
        String name = thread.getName();
        return name.startsWith("gateway-worker-") || name.startsWith("cancel-watcher-");
    }

    /*
     * ============================== HOW TO RUN THIS TEST: ====================================
     *
     * The figures: the Cost table of the book's thread chapter, generated from
     * benchmarks/results/thread.json (rows ThreadCost_04_GatewayCall); the chapter states which side
     * is cheaper only as the recorded run shows it, beyond both errors (a build check holds that
     * claim to the JSON). How to read them: the leaking gateway never gets a watcher back, so every
     * call's onCancel finds no idle thread in the watcher pool and starts a new one (a system call
     * and a stack; the extra bytes are mostly the new Thread and the pool's Worker, made on the
     * calling thread). The fixed gateway wakes its watcher (ThreadCost_03), which goes back to the
     * pool, usually in time to watch the next request. Everything else (the permit, the scope, the
     * two hand-offs, the Release of ThreadCost_01) is the same on both sides.
     *
     * You can run this test:
     *
     * a) Via the command line, from the project root:
     *    $ ./mvnw -q package -pl benchmarks -am -DskipTests
     *    $ java -jar benchmarks/target/benchmarks.jar ThreadCost_04 -prof leaklab.benchmarks.BodyAllocationProfiler
     *
     * b) Via the Java API (run main from the IDE, benchmarks built as above).
     */

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(ThreadCost_04_GatewayCall.class.getSimpleName())
                .addProfiler(BodyAllocationProfiler.class)
                .build();
        new Runner(options).run();
    }
}
