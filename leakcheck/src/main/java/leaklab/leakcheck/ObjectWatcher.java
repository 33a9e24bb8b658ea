package leaklab.leakcheck;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reachability, decided the way LeakCanary does: the test hands over the objects that ought to
 * die and keeps only weak references to them; the watcher asks for garbage collections until a
 * deadline, and whatever is still there is dumped and traced back to a GC root by Shark.
 *
 * <pre>{@code
 * ObjectWatcher watcher = new ObjectWatcher();
 * openAndCloseSessions(100, watcher);          // calls watcher.watch(session, "session 7") for each
 * RetentionReport report = watcher.awaitVerdict();
 * report.assertAllCollected();                 // or assert on report.retainedCount()
 * }</pre>
 *
 * <p>Watch objects inside a method that returns nothing: a local variable still in scope in the
 * test method keeps its object strongly reachable from the test's own stack frame.
 *
 * <p>Objects that are only softly or weakly reachable count as collected: they are not leaks,
 * the garbage collector may reclaim them whenever it needs the memory.
 */
public final class ObjectWatcher {

    /** How long the watcher asks for garbage collections before it dumps the heap. */
    public static final Duration DEFAULT_GC_DEADLINE =
            Duration.ofMillis(Long.getLong("leakcheck.gcDeadlineMillis", 250));

    private static final AtomicLong NEXT_ID = new AtomicLong(1);

    private final long id = NEXT_ID.getAndIncrement();
    private final List<WatchedReference> references = new ArrayList<>();

    /** Watches {@code object}, keeping only a weak reference; {@code description} names it in reports. */
    public void watch(Object object, String description) {
        if (object == null) {
            throw new IllegalArgumentException("cannot watch null (" + description + ")");
        }
        references.add(new WatchedReference(object, id, description));
    }

    public int watchedCount() {
        return references.size();
    }

    /** The verdict after {@link #DEFAULT_GC_DEADLINE} of garbage collections. */
    public RetentionReport awaitVerdict() {
        return awaitVerdict(DEFAULT_GC_DEADLINE);
    }

    /**
     * Asks for garbage collections until every watched object is collected or {@code gcDeadline}
     * passes; then, if some are left, dumps the heap (a dump of live objects collects first, so
     * this also works with {@code -XX:+DisableExplicitGC}) and finds the shortest strong path
     * from a GC root to each one left.
     */
    public RetentionReport awaitVerdict(Duration gcDeadline) {
        long start = System.nanoTime();
        if (!explicitGcDisabled()) {
            ThreadLeaks.retryUntil(gcDeadline, () -> {
                if (allCleared()) {
                    return true;
                }
                System.gc();
                return allCleared();
            });
        }
        if (allCleared()) {
            return RetentionReport.clean(references.size(), elapsed(start));
        }
        HeapAnalysis analysis = HeapAnalysis.of(HeapAnalysis.Target.watcher(id));
        return RetentionReport.of(references.size(), analysis, elapsed(start));
    }

    private boolean allCleared() {
        for (WatchedReference reference : references) {
            if (!reference.isCleared()) {
                return false;
            }
        }
        return true;
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Under -XX:+DisableExplicitGC, System.gc() does nothing: go straight to the heap dump. */
    static boolean explicitGcDisabled() {
        try {
            var diagnostics = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return Boolean.parseBoolean(diagnostics.getVMOption("DisableExplicitGC").getValue());
        } catch (RuntimeException notHotSpot) {
            return false;
        }
    }
}
