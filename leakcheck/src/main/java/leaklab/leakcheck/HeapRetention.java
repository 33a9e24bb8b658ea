package leaklab.leakcheck;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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

    private static final AtomicLong NEXT_ID = new AtomicLong(-1);

    private HeapRetention() {
    }

    /** The total retained size of {@code objects}, in bytes (0 for an empty collection). */
    public static long retainedBytes(Collection<?> objects) {
        if (objects.isEmpty()) {
            return 0;
        }
        long id = NEXT_ID.getAndDecrement(); // negative: never the id of an ObjectWatcher
        List<WatchedReference> references = new ArrayList<>(objects.size());
        for (Object object : objects) {
            references.add(new WatchedReference(object, id, "measured"));
        }
        HeapAnalysis analysis = HeapAnalysis.of(HeapAnalysis.Target.watcher(id));
        // Both must still be in the heap when it is dumped.
        Reference.reachabilityFence(references);
        Reference.reachabilityFence(objects);
        return analysis.retainedBytes;
    }
}
