package leaklab.leakcheck;

import java.lang.ref.WeakReference;

/**
 * The weak reference an {@link ObjectWatcher} keeps to a watched object. Its class name and its
 * {@code watcherId} field are how the heap analysis finds the watched objects in a heap dump,
 * the way LeakCanary finds its {@code KeyedWeakReference}s.
 */
final class WatchedReference extends WeakReference<Object> {

    static final String CLASS_NAME = WatchedReference.class.getName();

    /** Which watcher (or retained-size request) this reference belongs to. */
    final long watcherId;
    final String description;

    WatchedReference(Object referent, long watcherId, String description) {
        super(referent);
        this.watcherId = watcherId;
        this.description = description;
    }

    boolean isCleared() {
        return refersTo(null);
    }
}
