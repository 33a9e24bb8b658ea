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
public class ResourceCost_04_OneInFourFails {

    /*
     * What does a request cost, leaking against fixed, when one in four fails?
     *
     * ResourceCost_03 looked at failed requests alone. Here is the live demo's workload: the
     * upstream answers three requests in four with a small JSON quote and the fourth with an
     * error and its 32 KiB page. The successful requests do the same work in both variants, but
     * not on the same connection: after each error, the leaking relay's next request finds no
     * connection in the pool (the last one is stuck with the unread page) and opens one, so one
     * request in four pays a new connection. The fixed relay sends them all on one.
     *
     * As in ResourceCost_03, and for the same reason (each leaking error leaves a socket that
     * nothing closes), an iteration is one batch of REQUESTS_PER_BATCH requests on an upstream and
     * a relay of its own, timed as a whole and divided by the batch, and the teardown closes both.
     * The batch ends on a failed request, so the leaking relay takes one connection per error.
     */

    static final int FAIL_EVERY = 4;
    static final int REQUESTS_PER_BATCH = 80;
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
        upstream = resource.startUpstream(FAIL_EVERY);
        relay = resource.newRelay(upstream);
    }

    @Benchmark
    @OperationsPerInvocation(REQUESTS_PER_BATCH)
    public int request() {
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
        long expected = variant.equals("leaking") ? REQUESTS_PER_BATCH / FAIL_EVERY : 1;
        relay.close();
        upstream.close();
        if (connections != expected) {
            throw new IllegalStateException("the " + variant + " relay's " + REQUESTS_PER_BATCH + " requests took "
                    + connections + " connections, not " + expected
                    + ": the benchmark no longer measures what it says");
        }
    }

    /*
     * ============================== HOW TO RUN THIS TEST: ====================================
     *
     * The recorded run is benchmarks/results/resource.json; the book's resource chapter (Cost)
     * shows it as a table, generated from the JSON. The teardown checks, every iteration, that the
     * leaking relay took a connection per error and the fixed one a single connection.
     *
     * You can run this test:
     *
     * a) Via the command line, from the project root:
     *    $ ./mvnw -q package -pl benchmarks -am -DskipTests
     *    $ java -jar benchmarks/target/benchmarks.jar ResourceCost_04 -prof leaklab.benchmarks.BodyAllocationProfiler
     *
     * b) Via the Java API (run main from the IDE, benchmarks built as above).
     */

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(ResourceCost_04_OneInFourFails.class.getSimpleName())
                .addProfiler(BodyAllocationProfiler.class)
                .build();
        new Runner(options).run();
    }
}
