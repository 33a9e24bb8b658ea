package leaklab.exercise.timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Exercise "timer": a cache that keeps its values fresh by reloading them on a schedule.
 *
 * <p>A pricing service opens one {@code RefreshingCache} for each price list a customer looks at,
 * and closes it (try-with-resources) when the customer moves on. Every caller closes its cache.
 * Yet the service gains a thread for every price list ever viewed, and no closed cache ever
 * leaves the heap.
 *
 * <p>Make {@code ./lab verify timer} pass without changing the tests: a closed cache must leave
 * nothing running and nothing behind, and an open cache must still refresh.
 * {@code ./lab hint timer} when you are stuck.
 *
 * @param <K> the key, e.g. a product's SKU
 * @param <V> the value, e.g. its price
 */
public final class RefreshingCache<K, V> implements AutoCloseable {

    private final Map<K, V> entries = new ConcurrentHashMap<>();
    private final Function<K, V> loader;
    private final ScheduledExecutorService refresher;

    /**
     * Opens a cache that reloads every value it holds every {@code refreshEvery}.
     *
     * @param name names the refresh thread, e.g. {@code "prices-42"}
     * @param refreshEvery how often every cached value is reloaded
     * @param loader loads the value of a key, on first use and on every refresh
     */
    public RefreshingCache(String name, Duration refreshEvery, Function<K, V> loader) {
        this.loader = loader;
        this.refresher = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, name + "-refresher"));
        long period = refreshEvery.toMillis();
        refresher.scheduleAtFixedRate(this::reloadAll, period, period, TimeUnit.MILLISECONDS);
    }

    /** The value of {@code key}: loaded on first use, then as fresh as the last refresh. */
    public V get(K key) {
        return entries.computeIfAbsent(key, loader);
    }

    private void reloadAll() {
        entries.replaceAll((key, stale) -> loader.apply(key));
    }

    /** Every user of the cache calls this when done with it. */
    @Override
    public void close() {
        // TODO: the cache is closed. Is everything the constructor started stopped?
        entries.clear();
    }
}
