package leaklab.benchmarks.map;

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
@Warmup(iterations = 20, batchSize = 50)
@Measurement(iterations = 30)
@Fork(
        value = 1,
        jvmArgs = {ForkedJvm.HEAP_MIN, ForkedJvm.HEAP_MAX})
public class MapCost_03_Subscribe {

    /*
     * What does the handle cost a subscription?
     *
     * The leaking registry's subscribe returns nothing, and unsubscribe removes the listener but
     * keeps the topic's set; the fixed one returns a Subscription, whose close() removes the
     * listener and, in the same atomic step of the map, the set once it is empty. So we measure
     * one subscribe and its end, each variant's way (close() on the handle, or unsubscribe()), on
     * two kinds of topic:
     *
     * - "shared": a topic that LISTENERS_STAYING other listeners keep, like a popular contract's
     *   quotes. Its set never empties; the fix adds the handle and nothing else;
     * - "own": a topic of its own per subscription, like the scenario's alert and quote topics of a
     *   contract one client watches. The fixed registry creates and drops the set every time; the
     *   leaking one creates it and keeps it, so its map grows by one topic per subscription.
     *
     * Because of that growth, an iteration is one batch of SUBSCRIPTIONS_PER_BATCH subscriptions
     * on a hub of its own, made before each batch (Mode.SingleShotTime, per subscription by
     * @OperationsPerInvocation; warm-up iterations of 50 batches), as in MapCost_02. After each
     * batch the teardown checks that each variant kept the topics it should, so that the figures
     * measure what this comment says.
     */

    static final int SUBSCRIPTIONS_PER_BATCH = 1_000;
    static final int LISTENERS_STAYING = 10;

    @Param({"leaking", "fixed"})
    public String variant;

    @Param({"shared", "own"})
    public String topic;

    private MapVariant map;
    private String[] topics;
    private Object listener;
    private Object market;

    @Setup(Level.Trial)
    public void loadVariant() {
        map = MapVariant.of(variant);
        listener = map.countingListener(new long[1]);
        topics = new String[SUBSCRIPTIONS_PER_BATCH];
        for (int i = 0; i < SUBSCRIPTIONS_PER_BATCH; i++) {
            topics[i] = switch (topic) {
                case "shared" -> "quotes/OPT-POPULAR";
                case "own" -> "alerts/OPT-" + i;
                default -> throw new IllegalArgumentException("topic must be shared or own, not " + topic);
            };
        }
    }

    @Setup(Level.Invocation)
    public void hubWithListenersStaying() {
        market = map.newMarket();
        for (int i = 0; i < LISTENERS_STAYING; i++) {
            map.subscribe(market, "quotes/OPT-POPULAR", map.countingListener(new long[1]));
        }
    }

    @Benchmark
    @OperationsPerInvocation(SUBSCRIPTIONS_PER_BATCH)
    public void subscribeAndEnd() {
        long allocatedBefore = BodyAllocationProfiler.start();
        for (String name : topics) {
            Object handle = map.subscribe(market, name, listener);
            map.unsubscribe(market, name, listener, handle);
        }
        BodyAllocationProfiler.stop(allocatedBefore);
    }

    @TearDown(Level.Invocation)
    public void checkTheTopicsKept() {
        boolean leaking = !map.subscribeReturnsAHandle();
        int expected = 1 + (topic.equals("own") && leaking ? SUBSCRIPTIONS_PER_BATCH : 0);
        if (map.topics(market) != expected) {
            throw new IllegalStateException("The " + variant + " registry should keep " + expected + " topics after a"
                    + " batch on " + topic + " topics, but keeps " + map.topics(market)
                    + ": these figures would not measure what they claim");
        }
    }

    /*
     * ============================== HOW TO RUN THIS TEST: ====================================
     *
     * The figures of a recorded run are the table in the book's map chapter (Cost), generated from
     * benchmarks/results/map.json; none is typed here.
     *
     * How to read them: on a shared topic the difference between the rows is the handle, an
     * object allocated per subscription. On topics of their own, the fixed rows also pay for a new
     * set each time, which the leaking registry pays once per topic and then keeps for ever: the
     * leaking rows look cheaper because what they keep is never freed.
     *
     * You can run this test:
     *
     * a) Via the command line, from the project root:
     *    $ ./mvnw -q package -pl benchmarks -am -DskipTests
     *    $ java -jar benchmarks/target/benchmarks.jar MapCost_03 -prof leaklab.benchmarks.BodyAllocationProfiler
     *
     * b) Via the Java API (run main from the IDE, benchmarks built as above).
     */

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(MapCost_03_Subscribe.class.getSimpleName())
                .addProfiler(BodyAllocationProfiler.class)
                .build();
        new Runner(options).run();
    }
}
