package leaklab.benchmarks.map;

import java.time.Instant;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 20, batchSize = 20)
@Measurement(iterations = 30)
@Fork(
        value = 1,
        jvmArgs = {ForkedJvm.HEAP_MIN, ForkedJvm.HEAP_MAX})
public class MapCost_02_ClientVisit {

    /*
     * What does the fix cost a whole client visit?
     *
     * The scenario's operation, through each variant's own classes (MapVariant): a client
     * connects to a contract of its own, asks for its chart (computed: every query is new), sets a
     * price alert, gets a price and disconnects. The fixed variant adds Caffeine's bookkeeping to
     * the chart (and an eviction once full), a Subscription object per subscribe, and drops the
     * topics' sets at disconnect; the leaking one keeps them all.
     *
     * As in MapCost_01, the leaking hub grows with every visit, so an iteration is one batch of
     * VISITS_PER_BATCH visits (Mode.SingleShotTime, per visit by @OperationsPerInvocation) on a hub
     * of its own, made before each batch with the variant's defaults (@Setup(Level.Invocation):
     * harmless for a batch that takes milliseconds); the fixed hub's cache
     * (300 charts) fills within the batch and then evicts. Client ids and contracts are built in
     * the setup, so the batch does not measure string concatenation beyond the variants' own.
     * Warm-up iterations run 20 batches each (JMHSample_26_BatchSize), so that the measured
     * batches run compiled code: Caffeine's paths take the compiler a while (see
     * MapCost_01).
     */

    static final int VISITS_PER_BATCH = 1_000;
    private static final Instant NOW = Instant.parse("2025-06-20T14:30:00Z");

    @Param({"leaking", "fixed"})
    public String variant;

    private MapVariant map;
    private String[] clientIds;
    private String[] contracts;
    private Instant[] moments;
    private Object market;

    @Setup(Level.Trial)
    public void loadVariant() {
        map = MapVariant.of(variant);
        clientIds = new String[VISITS_PER_BATCH];
        contracts = new String[VISITS_PER_BATCH];
        moments = new Instant[VISITS_PER_BATCH];
        for (int i = 0; i < VISITS_PER_BATCH; i++) {
            clientIds[i] = "client-" + i;
            contracts[i] = "OPT-" + i;
            moments[i] = NOW.plusMillis(i);
        }
    }

    @Setup(Level.Invocation)
    public void newHub() {
        market = map.newMarket();
    }

    @Benchmark
    @OperationsPerInvocation(VISITS_PER_BATCH)
    public void visit() {
        long allocatedBefore = BodyAllocationProfiler.start();
        for (int i = 0; i < VISITS_PER_BATCH; i++) {
            map.visit(market, clientIds[i], contracts[i], moments[i]);
        }
        BodyAllocationProfiler.stop(allocatedBefore);
    }

    /*
     * ============================== HOW TO RUN THIS TEST: ====================================
     *
     * The figures of a recorded run are the table in the book's map chapter (Cost), generated from
     * benchmarks/results/map.json; none is typed here.
     *
     * How to read them: the chart's computation is most of a visit on both sides; the fix's part
     * is the difference between the two rows. Its bytes are what a visit allocates, not what it
     * keeps: the leaking visit keeps a chart, two topics and the client for good (scenarios/map's
     * tests print how many bytes that is), the fixed one nothing once its cache is full.
     *
     * You can run this test:
     *
     * a) Via the command line, from the project root:
     *    $ ./mvnw -q package -pl benchmarks -am -DskipTests
     *    $ java -jar benchmarks/target/benchmarks.jar MapCost_02 -prof leaklab.benchmarks.BodyAllocationProfiler
     *
     * b) Via the Java API (run main from the IDE, benchmarks built as above).
     */

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(MapCost_02_ClientVisit.class.getSimpleName())
                .addProfiler(BodyAllocationProfiler.class)
                .build();
        new Runner(options).run();
    }
}
