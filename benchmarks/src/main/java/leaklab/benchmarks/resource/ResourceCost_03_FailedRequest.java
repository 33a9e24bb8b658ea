package leaklab.benchmarks.resource;

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
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 15)
@Fork(
        value = 1,
        jvmArgs = {ForkedJvm.HEAP_MIN, ForkedJvm.HEAP_MAX})
public class ResourceCost_03_FailedRequest {

    /*
     * What does a failed request cost, leaking against fixed?
     *
     * The upstream answers every request with an error, 429 or 500, each with its 32 KiB error
     * page. The leaking relay (scenarios/resource) returns at once, the body unread and unclosed;
     * the fixed one (fixes/resource) reads the page to its end and closes it. Reading 32 KiB is
     * work the leaking relay never does, so the fix looks dearer. But the leaking relay pays
     * elsewhere: its connection is stuck with the unread page, so the next request cannot reuse
     * it, and the client opens a new one, a TCP handshake and a new connection on both sides,
     * every time. The fixed relay's next request goes out on the connection it already has.
     *
     * The trap: every leaking request leaves a socket open that nothing closes, on JDK 17 not even
     * the end of the client (see the chapter). A usual AverageTime loop would open thousands a
     * second and run the JVM out of descriptors. What we do instead, as in TimerCost_01: an
     * iteration is one batch of REQUESTS_PER_BATCH failed requests, on an upstream and a relay of
     * its own, timed as a whole (Mode.SingleShotTime, see JMHSample_26_BatchSize) and divided by
     * the batch (@OperationsPerInvocation). The teardown closes the relay and the upstream, which
     * closes the upstream's ends; on JDK 21 and later the relay's close() shuts its client down
     * and closes the leaked ends too. On JDK 17 they stay: a fork leaks at most
     * REQUESTS_PER_BATCH times the iterations, a few hundred sockets, far below a process's limit.
     * The first request of each batch opens the first connection in both variants.
     *
     * Bytes allocated: the calling thread's own (BodyAllocationProfiler), which includes the fixed
     * relay's copy of the page as it reads it; the selector threads' buffers are not counted.
     */

    static final int REQUESTS_PER_BATCH = 20;
    static final int WARM_UP_REQUESTS = 2_000;

    @Param({"leaking", "fixed"})
    public String variant;

    private ResourceVariant resource;
    private AutoCloseable upstream;
    private AutoCloseable relay;

    @Setup(Level.Trial)
    public void loadVariantAndWarmUp() throws Exception {
        resource = ResourceVariant.of(variant);
        // A single shot leaves the JIT no time: the five warm-up batches are a few hundred requests
        // at most, and the client, the server and the relay would still run mostly interpreted when
        // the measured batches start. So the trial begins with WARM_UP_REQUESTS successful requests,
        // through this variant's relay, on an upstream that never fails: the path both variants
        // share, and one that leaks in neither (its body is read to its end and closed).
        try (AutoCloseable warmUpstream = resource.startUpstream(0);
                AutoCloseable warmRelay = resource.newRelay(warmUpstream)) {
            for (int i = 0; i < WARM_UP_REQUESTS; i++) {
                resource.forward(warmRelay, "/quotes/ACME");
            }
        }
    }

    @Setup(Level.Iteration)
    public void newUpstreamAndRelay() {
        upstream = resource.startUpstream(1); // every request fails
        relay = resource.newRelay(upstream);
    }

    @Benchmark
    @OperationsPerInvocation(REQUESTS_PER_BATCH)
    public int failedRequest() {
        long allocatedBefore = BodyAllocationProfiler.start();
        int statuses = 0;
        for (int i = 0; i < REQUESTS_PER_BATCH; i++) {
            statuses += resource.forward(relay, "/quotes/ACME");
        }
        BodyAllocationProfiler.stop(allocatedBefore);
        return statuses;
    }

    @TearDown(Level.Iteration)
    public void closeTheRelayAndTheUpstream() throws Exception {
        long connections = resource.connectionsSeen(upstream);
        long expected = variant.equals("leaking") ? REQUESTS_PER_BATCH : 1;
        relay.close();
        upstream.close();
        if (connections != expected) {
            throw new IllegalStateException("the " + variant + " relay's " + REQUESTS_PER_BATCH
                    + " failed requests took " + connections + " connections, not " + expected
                    + ": the benchmark no longer measures what it says");
        }
    }

    /*
     * ============================== HOW TO RUN THIS TEST: ====================================
     *
     * The recorded run is benchmarks/results/resource.json; the book's resource chapter (Cost)
     * shows it as a table, generated from the JSON. The teardown checks, every iteration, that the
     * leaking relay took a new connection per request and the fixed one a single connection: the
     * two lines compare a new connection and an unread page against a reused connection and a
     * page read to its end.
     *
     * You can run this test:
     *
     * a) Via the command line, from the project root:
     *    $ ./mvnw -q package -pl benchmarks -am -DskipTests
     *    $ java -jar benchmarks/target/benchmarks.jar ResourceCost_03 -prof leaklab.benchmarks.BodyAllocationProfiler
     *
     * b) Via the Java API (run main from the IDE, benchmarks built as above).
     */

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(ResourceCost_03_FailedRequest.class.getSimpleName())
                .addProfiler(BodyAllocationProfiler.class)
                .build();
        new Runner(options).run();
    }
}
