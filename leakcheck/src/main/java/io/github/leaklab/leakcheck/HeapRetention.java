package io.github.leaklab.leakcheck;

import io.github.leaklab.leakcheck.heap.HeapDump;
import io.github.leaklab.leakcheck.heap.HeapDumpException;
import io.github.leaklab.leakcheck.heap.WatchedReference;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Retained bytes: what the heap would give back if these objects became unreachable, measured on
 * a heap dump with Shark's dominator tree. The objects stay reachable: the caller holds them.
 *
 * <pre>{@code
 * List<ByteBuffer> slices = keepSlices(100);
 * long bytes = HeapRetention.retainedBytes(slices);   // the backing arrays the slices pin
 * }</pre>
 */
public final class HeapRetention {

    private static final AtomicLong NEXT_KEY = new AtomicLong(-1);
    /** Holds the measured objects during the dump: the dumping thread's own locals are left out of every path. */
    private static final Map<Long, Object[]> MEASURED = new ConcurrentHashMap<>();

    private HeapRetention() {}

    /** The total retained size of {@code objects}, in bytes (0 for an empty collection). */
    public static long retainedBytes(Collection<?> objects) {
        if (objects.isEmpty()) {
            return 0;
        }
        long key = NEXT_KEY.getAndDecrement(); // negative: never an ObjectWatcher's key
        List<WatchedReference> references = new ArrayList<>(objects.size());
        for (Object object : objects) {
            references.add(new WatchedReference(object, key, "measured"));
        }
        MEASURED.put(key, objects.toArray());
        try (HeapDump dump = HeapDump.ofThisJvm()) {
            return dump.pathsToWatched(key).retainedBytes();
        } catch (HeapDumpException e) {
            throw new IllegalStateException("The heap dump to measure retained bytes failed: " + e.getMessage(), e);
        } finally {
            MEASURED.remove(key);
            Reference.reachabilityFence(references);
        }
    }
}
