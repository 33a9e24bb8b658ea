package leaklab.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.leaklab.leakcheck.ObjectWatcher;
import io.github.leaklab.leakcheck.RetentionReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * Which bound to choose, measured rather than claimed: what a bound costs in hit rate (Caffeine
 * against a {@link LinkedHashMap} LRU against no bound at all), that the JDK-only LRU is bounded
 * too, and why a {@link WeakHashMap} usually is not a cache: an entry whose value refers to its
 * key is never dropped, and the others go at a garbage collection, not at a size.
 */
class BoundedCacheFixedTest {

    static final int BOUND = 1_000;
    static final int REQUESTS = 100_000;
    /** How many different queries the clients ask: ten times what the bounded caches keep. */
    static final int QUERIES = 10 * BOUND;

    static final Instant NOW = Instant.parse("2025-06-20T14:30:00Z");

    /** A query as a key: the contract and the minute its chart ends at. */
    record Query(String contract, Instant until) {}

    /** A cached value that names its own key, as values often do (for logs, for a reply). */
    record CachedChart(Query query, double[] ohlc) {}

    /** A cache reachable from a static field, as a real one is; see the WeakHashMap tests. */
    private static Map<Query, CachedChart> weakCache;

    // tag::hit-rate[]
    @Test
    void what_each_bound_costs_in_hit_rate() {
        Query[] skewed = popularFirst(REQUESTS, QUERIES, new Random(42)); // a few queries asked often, most rarely
        Query[] timestamped = new Query[REQUESTS]; // the scenario's keys: every query ends at a moment of its own
        for (int i = 0; i < REQUESTS; i++) {
            timestamped[i] = new Query(skewed[i].contract(), NOW.plusMillis(i));
        }

        System.out.printf(Locale.ROOT, "%,d requests; the bounded caches keep at most %,d entries.%n", REQUESTS, BOUND);
        for (Query[] requests : List.of(skewed, timestamped)) {
            System.out.println(
                    requests == skewed
                            ? "Queries by contract and minute, " + QUERIES + " of them, a few asked often (Zipf):"
                            : "Queries by contract and millisecond (the scenario's keys), none asked twice:");
            Map<Query, Object> unbounded = new ConcurrentHashMap<>();
            Cache<Query, Object> caffeine = Caffeine.newBuilder()
                    .maximumSize(BOUND)
                    .executor(Runnable::run)
                    .build();
            Map<Query, Object> lru = new LruCache<>(BOUND);
            double unboundedHits =
                    hitRate("no bound (ConcurrentHashMap)", requests, unbounded::computeIfAbsent, unbounded::size);
            double caffeineHits =
                    hitRate("Caffeine, maximumSize(" + BOUND + ")", requests, caffeine::get, caffeine::estimatedSize);
            double lruHits =
                    hitRate("LinkedHashMap LRU, " + BOUND + " entries", requests, lru::computeIfAbsent, lru::size);

            // No bounded cache can beat keeping everything; the question is by how much it falls short.
            assertThat(unboundedHits).isGreaterThanOrEqualTo(caffeineHits).isGreaterThanOrEqualTo(lruHits);
            assertThat(caffeine.estimatedSize()).isEqualTo(BOUND);
            assertThat(lru).hasSize(BOUND);
            assertThat((long) unbounded.size())
                    .isEqualTo(Arrays.stream(requests).distinct().count());
        }
    }
    // end::hit-rate[]

    @Test
    void a_linked_hash_map_with_remove_eldest_entry_drops_the_least_recently_used() {
        LruCache<String, Integer> lru = new LruCache<>(3);
        lru.put("a", 1);
        lru.put("b", 2);
        lru.put("c", 3);
        lru.get("a"); // a is now the most recently used; b the least
        lru.put("d", 4);

        assertThat(lru.keySet()).containsExactly("c", "a", "d");
    }

    // tag::weak[]
    @Test
    void a_weak_hash_map_never_drops_an_entry_whose_value_refers_to_its_key() {
        weakCache = new WeakHashMap<>();
        ObjectWatcher watcher = new ObjectWatcher();
        try {
            for (int i = 0; i < 100; i++) {
                Query query = new Query(contract(i), NOW.plusMillis(i));
                weakCache.put(query, new CachedChart(query, new double[Chart.CANDLES * 4])); // <1>
                watcher.watch(query, "query " + i + ", which nothing but the cache holds");
            }
            RetentionReport report = watcher.leaks();
            System.out.println("A WeakHashMap whose values name their keys, after garbage collections: " + report);

            assertThat(report.retainedCount()).isEqualTo(100);
            assertThat(report.pathSignature())
                    .contains("WeakHashMap$Entry.value", "BoundedCacheFixedTest$CachedChart.query");
            assertThat(weakCache).hasSize(100);
        } finally {
            weakCache = null;
        }
    }

    @Test
    void a_weak_hash_map_drops_entries_at_a_garbage_collection_not_at_a_size() {
        Map<Query, double[]> heldElsewhere = new WeakHashMap<>();
        Map<Query, double[]> heldNowhere = new WeakHashMap<>();
        List<Query> keysInUse = new ArrayList<>(); // e.g. the queries of the clients connected now
        ObjectWatcher watcher = new ObjectWatcher();
        for (int i = 0; i < 2 * BOUND; i++) {
            Query inUse = new Query(contract(i), NOW.plusMillis(i));
            keysInUse.add(inUse);
            heldElsewhere.put(inUse, new double[Chart.CANDLES * 4]); // <2>
            Query asked = new Query(contract(i), NOW.plusMillis(i));
            heldNowhere.put(asked, new double[Chart.CANDLES * 4]); // <3>
            watcher.watch(asked, "query " + i);
        }
        int whenFilled = heldNowhere.size(); // young collections during the loop have taken some already

        watcher.leaks().assertNoLeak(); // garbage collections until every key held nowhere is gone
        // The map sees its cleared keys once the JVM has queued their references: soon after the GC.
        await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(heldNowhere::isEmpty);
        System.out.printf(
                Locale.ROOT,
                "Two WeakHashMaps, %,d entries put in each. Keys held elsewhere: %,d entries"
                        + " after a full collection (no bound at all). Keys held nowhere: %,d entries left when the last"
                        + " was put, %,d after a full collection (every one gone, whether asked for often or never).%n",
                2 * BOUND,
                heldElsewhere.size(),
                whenFilled,
                heldNowhere.size());

        assertThat(heldElsewhere).hasSize(2 * BOUND);
        assertThat(keysInUse).hasSize(2 * BOUND);
    }
    // end::weak[]

    /** The hit rate of {@code requests} on a cache, printed with the entries it ends with. */
    private static double hitRate(
            String cache, Query[] requests, BiFunction<Query, Function<Query, Object>, Object> get, LongSupplier size) {
        long[] misses = {0};
        Function<Query, Object> compute = query -> {
            misses[0]++;
            return query; // what the value is does not matter here: only whether it had to be computed
        };
        for (Query query : requests) {
            get.apply(query, compute);
        }
        double hitRate = 1 - misses[0] / (double) requests.length;
        System.out.printf(
                Locale.ROOT, "  %-36s hit rate %5.1f%%, %,7d entries kept%n", cache, 100 * hitRate, size.getAsLong());
        return hitRate;
    }

    /**
     * {@code count} queries out of {@code distinct}, the i-th most popular asked with a probability
     * proportional to 1/i (Zipf's law, which popularity on the web roughly follows), each for the
     * contract's current minute.
     */
    private static Query[] popularFirst(int count, int distinct, Random random) {
        double[] cumulative = new double[distinct];
        double total = 0;
        for (int rank = 0; rank < distinct; rank++) {
            total += 1.0 / (rank + 1);
            cumulative[rank] = total;
        }
        Query[] queries = new Query[distinct];
        for (int rank = 0; rank < distinct; rank++) {
            queries[rank] = new Query(contract(rank), NOW);
        }
        Query[] requests = new Query[count];
        for (int i = 0; i < count; i++) {
            int rank = Arrays.binarySearch(cumulative, random.nextDouble() * total);
            requests[i] = queries[rank < 0 ? -rank - 1 : rank];
        }
        return requests;
    }

    private static String contract(int n) {
        return String.format(Locale.ROOT, "OPT-%08d", n);
    }
}
