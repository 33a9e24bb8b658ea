package leaklab.benchmarks.closure;

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
@Warmup(iterations = 40)
@Measurement(iterations = 60)
@Fork(
        value = 1,
        jvmArgs = {ForkedJvm.HEAP_MIN, ForkedJvm.HEAP_MAX})
public class ClosureCost_02_OpenAndClose {

    /*
     * What does the fix add to a report request, registering with a handle and cancelling it?
     *
     * A request is ReportServer.open, which renders the report from the upload and subscribes to
     * the rate feed, then ReportView.close when the client leaves. The leaking variant
     * (scenarios/closure) subscribes with a lambda that captures the whole request and drops
     * the Subscription the feed hands back: registering without a handle, so nothing can ever
     * cancel it. The fixed variant (fixes/closure) copies three fields into locals for its lambda,
     * keeps the Subscription in the view, and cancels it in close(): the feed's map gets an entry
     * and loses it again. So we measure one open plus one close, leaking against fixed, in time
     * and in bytes allocated, with two uploads: a 64 KiB data set, as in the scenario, where
     * rendering reads every byte, and a 64-byte one, where what is left is the request's own
     * bookkeeping, the subscription and its handle included.
     *
     * The trap: the leaking variant's feed keeps every callback. A usual AverageTime benchmark
     * would open and close for as long as the iteration lasts, millions of times, and measure a
     * map of millions of entries being resized. So, as TimerCost_01 does: an iteration is one
     * batch of REPORTS_PER_BATCH requests, timed as a whole (Mode.SingleShotTime,
     * JMHSample_26_BatchSize) and divided by the batch (@OperationsPerInvocation); each iteration
     * gets a new server, whose feed starts empty, and its teardown closes it: the leaking feed
     * never holds more than a batch's callbacks.
     * Every request uploads the same Upload object (built once, in the setup): the benchmark
     * measures requests, not making uploads, and the leaking variant's callbacks then all hold
     * that one upload, so the heap stays small whatever the variant.
     *
     * Bytes allocated: the benchmark method's own (BodyAllocationProfiler), per request.
     */

    static final int REPORTS_PER_BATCH = 1_000;

    @Param({"leaking", "fixed"})
    public String variant;

    @Param({"64", "65536"})
    public int uploadBytes;

    private ClosureVariant closure;
    private Object upload;
    private String[] clientIds;
    private AutoCloseable server;

    @Setup(Level.Trial)
    public void loadVariant() {
        closure = ClosureVariant.of(variant);
        upload = closure.upload("sales.csv", uploadBytes);
        clientIds = new String[REPORTS_PER_BATCH];
        for (int i = 0; i < clientIds.length; i++) {
            clientIds[i] = "client-" + i; // built here, so the benchmark does not measure string concatenation
        }
    }

    @Setup(Level.Iteration)
    public void newServer() {
        server = closure.newServer();
    }

    @Benchmark
    @OperationsPerInvocation(REPORTS_PER_BATCH)
    public void openAndClose() throws Exception {
        long allocatedBefore = BodyAllocationProfiler.start();
        for (String clientId : clientIds) {
            closure.open(server, clientId, upload).close();
        }
        BodyAllocationProfiler.stop(allocatedBefore);
    }

    @TearDown(Level.Iteration)
    public void closeServer() throws Exception {
        // What each variant left on its feed: a batch of callbacks, or none. Anything else means
        // the benchmark no longer measures what this comment says.
        int left = closure.pendingCallbacks(server);
        int expected = variant.equals("leaking") ? REPORTS_PER_BATCH : 0;
        server.close();
        if (left != expected) {
            throw new IllegalStateException(closure + " left " + left + " callbacks on its feed after a batch of "
                    + REPORTS_PER_BATCH + " requests; expected " + expected);
        }
    }

    /*
     * ============================== HOW TO RUN THIS TEST: ====================================
     *
     * The recorded run is benchmarks/results/closure.json; the book's closure chapter shows it as
     * a table (Cost), generated from that file, and reads it. With the 64 KiB upload, rendering
     * dominates both variants, and the fix's copies, handle and cancel are lost in it. With the
     * 64-byte one they are most of what differs, in time and in bytes. Next to either: every
     * leaking request keeps its callback, its request and its upload for as long as the server
     * runs, which no figure of this table shows; the chapter's Prove section measures it.
     *
     * You can run this test:
     *
     * a) Via the command line, from the project root:
     *    $ ./mvnw -q package -pl benchmarks -am -DskipTests
     *    $ java -jar benchmarks/target/benchmarks.jar ClosureCost_02 -prof leaklab.benchmarks.BodyAllocationProfiler
     *
     * b) Via the Java API (run main from the IDE, benchmarks built as above).
     */

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(ClosureCost_02_OpenAndClose.class.getSimpleName())
                .addProfiler(BodyAllocationProfiler.class)
                .build();
        new Runner(options).run();
    }
}
