package io.github.leaklab.leakcheck.heap;

import java.lang.ref.WeakReference;

/**
 * A weak reference that a heap dump can find again, as LeakCanary's {@code KeyedWeakReference}:
 * {@link HeapDump#pathsToWatched(long)} traces the referents, still in the dump, of the references
 * with a given key, and labels each with its description.
 */
public final class WatchedReference extends WeakReference<Object> {

    /** Which group of watched objects this reference belongs to. */
    private final long key;
    /** What the watched object is, shown in its trace: {@code "closed session user-7"}. */
    private final String description;

    public WatchedReference(Object referent, long key, String description) {
        super(referent);
        this.key = key;
        this.description = description;
    }

    public long key() {
        return key;
    }

    public String description() {
        return description;
    }

    /** Whether the garbage collector has cleared this reference (its object is gone). */
    public boolean isCleared() {
        return refersTo(null);
    }
}
