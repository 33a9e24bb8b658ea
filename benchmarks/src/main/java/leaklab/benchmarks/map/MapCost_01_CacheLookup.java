package leaklab.benchmarks.map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 20, batchSize = 100)
@Measurement(iterations = 30)
@Fork(
        value = 1,
        jvmArgs = {ForkedJvm.HEAP_MIN, ForkedJvm.HEAP_MAX})
public class MapCost_01_CacheLookup {

    /*
     * What does a bound cost a cache lookup?
     *
     * The leaking hub caches charts in a ConcurrentHashMap that never evicts; the fixed one in a
     * Caffeine cache with a maximum size; the chapter's JDK-only alternative is a LinkedHashMap in
     * access order with removeEldestEntry (an LRU), shared behind a lock since every read reorders
     * it. Here the three are called directly, the way the hub calls them: get the value of a key,
     * computing it on a miss: @Param variant is "leaking" for the ConcurrentHashMap, "fixed" for
     * Caffeine, "lru" for the LinkedHashMap. The value is a constant, so the figure is the cache's own cost, not
     * the chart's (MapCost_02 measures a whole visit, chart included).
     *
     * Each request is a hit with probability `hitRate`, on a key the cache was filled with, or a
     * miss on a key never asked for before, as the scenario's timestamped queries are; `entries` is
     * both how many keys the cache was filled with and the bounded caches' maximum size. So every
     * miss makes the bounded caches evict, and the unbounded map grow.
     *
     * That growth is why this is not a plain AverageTime benchmark: a timed iteration would insert
     * millions of keys into the unbounded map, and the figure would describe a heap filling up.
     * Instead an iteration is one batch of REQUESTS_PER_BATCH requests (Mode.SingleShotTime,
     * divided per request by @OperationsPerInvocation, as in TimerCost_01), with new keys for its
     * misses, on caches filled anew in the iteration's setup. Warm-up is long: 20 iterations of 100 batches each
     * (JMHSample_26_BatchSize), since Caffeine's code paths are many and large, and the compiler
     * takes its time with them; with a few batches of warm-up its first measured batches still run
     * interpreted code and read microseconds per lookup.
     * The bounded caches may turn a planned hit into a miss (a filled key evicted by the misses
     * before it): that is the hit rate a bound costs, which fixes/map's BoundedCacheFixedTest
     * measures on a skewed workload. Bytes allocated: BodyAllocationProfiler, the method's own.
     */

    static final int REQUESTS_PER_BATCH = 10_000;

    /** leaking: scenarios/map's ConcurrentHashMap; fixed: fixes/map's Caffeine cache; lru: the chapter's JDK-only bound. */
    @Param({"leaking", "fixed", "lru"})
    public String variant;

    @Param({"1000", "100000"})
    public int entries;

    @Param({"0.5", "0.9", "0.99"})
    public double hitRate;

    private static final Object VALUE = new Object();
    private static final Function<String, Object> COMPUTE = key -> VALUE;

    private String[] filled;
    private String[] requests;
    private boolean[] miss;
    private long fresh;
    private Function<String, Object> lookup;

    @Setup(Level.Trial)
    public void keys() {
        filled = new String[entries];
        for (int i = 0; i < entries; i++) {
            filled[i] = "OPT-" + i + " until 2025-06-20T14:30:00Z";
        }
        SplittableRandom random = new SplittableRandom(42);
        requests = new String[REQUESTS_PER_BATCH];
        miss = new boolean[REQUESTS_PER_BATCH];
        for (int i = 0; i < REQUESTS_PER_BATCH; i++) {
            miss[i] = random.nextDouble() >= hitRate;
            requests[i] = miss[i] ? null : filled[random.nextInt(entries)];
        }
    }

    /** Before each batch, warm-up ones included: new keys for its misses, never asked before. */
    @Setup(Level.Invocation)
    public void newKeysForTheMisses() {
        for (int i = 0; i < REQUESTS_PER_BATCH; i++) {
            if (miss[i]) {
                requests[i] = "OPT-" + (fresh++) + " until 2025-06-20T14:30:00.001Z";
            }
        }
    }

    @Setup(Level.Iteration)
    public void filledCache() {
        switch (variant) {
            case "leaking" -> {
                Map<String, Object> map = new ConcurrentHashMap<>();
                lookup = key -> map.computeIfAbsent(key, COMPUTE);
            }
            case "fixed" -> {
                Cache<String, Object> caffeine = Caffeine.newBuilder()
                        .maximumSize(entries)
                        .executor(Runnable::run)
                        .build();
                lookup = key -> caffeine.get(key, COMPUTE);
            }
            case "lru" -> {
                Map<String, Object> lru = Collections.synchronizedMap(new Lru(entries));
                lookup = key -> lru.computeIfAbsent(key, COMPUTE);
            }
            default -> throw new IllegalArgumentException("variant must be leaking, fixed or lru, not " + variant);
        }
        for (String key : filled) {
            lookup.apply(key);
        }
    }

    @Benchmark
    @OperationsPerInvocation(REQUESTS_PER_BATCH)
    public void lookUp(Blackhole blackhole) {
        long allocatedBefore = BodyAllocationProfiler.start();
        for (String key : requests) {
            blackhole.consume(lookup.apply(key));
        }
        BodyAllocationProfiler.stop(allocatedBefore);
    }

    /** The LRU of the chapter (fixes/map's LruCache, a test class there): access order, eldest out past the bound. */
    static final class Lru extends LinkedHashMap<String, Object> {
        private final int maximumSize;

        Lru(int maximumSize) {
            super(16, 0.75f, true);
            this.maximumSize = maximumSize;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > maximumSize;
        }
    }

    /*
     * ============================== HOW TO RUN THIS TEST: ====================================
     *
     * The figures of a recorded run are the table in the book's map chapter (Cost), generated from
     * benchmarks/results/map.json; none is typed here.
     *
     * How to read them: compare the three rows of one `entries` and `hitRate`.
     * A hit costs a hash lookup in all three, plus the bookkeeping of the bound in the bounded
     * ones (Caffeine records the read in a buffer; the LRU takes its lock and moves the entry).
     * A miss costs an insert in all three, plus an eviction in the bounded ones; the unbounded map
     * pays instead with its table doubling as it grows, and with the memory it never gives back.
     *
     * You can run this test:
     *
     * a) Via the command line, from the project root:
     *    $ ./mvnw -q package -pl benchmarks -am -DskipTests
     *    $ java -jar benchmarks/target/benchmarks.jar MapCost_01 -prof leaklab.benchmarks.BodyAllocationProfiler
     *
     * b) Via the Java API (run main from the IDE, benchmarks built as above).
     */

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(MapCost_01_CacheLookup.class.getSimpleName())
                .addProfiler(BodyAllocationProfiler.class)
                .build();
        new Runner(options).run();
    }
}
