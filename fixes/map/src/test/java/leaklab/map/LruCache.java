package leaklab.map;

import java.util.LinkedHashMap;
import java.util.Map;

// tag::lru[]
/**
 * The JDK-only bound: a {@link LinkedHashMap} in access order (every {@code get} moves the entry
 * to the end) that drops its eldest entry, the least recently used, once it holds more than
 * {@code maximumSize}. Not thread-safe: a server shares it behind a lock, or through
 * {@code Collections.synchronizedMap}, and every read then takes that lock, since a read reorders.
 */
final class LruCache<K, V> extends LinkedHashMap<K, V> {

    private final int maximumSize;

    LruCache(int maximumSize) {
        super(16, 0.75f, true); // <1>
        this.maximumSize = maximumSize;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > maximumSize; // <2>
    }
}
// end::lru[]
