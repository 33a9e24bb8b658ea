package io.github.leaklab.leakcheck;

import io.github.leaklab.leakcheck.heap.HeapDump;
import io.github.leaklab.leakcheck.heap.HeapDumpException;
import io.github.leaklab.leakcheck.heap.Retention;
import io.github.leaklab.leakcheck.heap.WatchedReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reachability, decided the way LeakCanary does: the test hands over the objects that ought to
 * die and the watcher keeps only weak references to them; it asks for garbage collections until a
 * deadline, and whatever is still there is dumped and traced back to a GC root by Shark.
 *
 * <pre>{@code
 * ObjectWatcher watcher = new ObjectWatcher();
 * Session session = manager.open("user-7");
 * session.close();
 * watcher.watch(session, "closed session user-7");
 * watcher.leaks().assertNoLeak();    // fails with the path from a GC root that keeps it
 * }</pre>
 *
 * <p>The test's own local variables never count: the verdict leaves out the references from the
 * stack of the thread that takes it (a variable still in scope costs a heap dump, not a wrong
 * verdict). Objects only softly or weakly reachable count as collected: the garbage collector may
 * reclaim them whenever it needs the memory.
 *
 * <p>{@code -Dleakcheck.keepHeapDumps=<folder>} keeps the heap dump of each leak verdict there, for
 * VisualVM or Eclipse MAT; the report says where.
 */
public final class ObjectWatcher {

    /** How long the watcher asks for garbage collections before it dumps the heap: {@code -Dleakcheck.gcDeadlineMillis}, 250 ms by default. */
    public static final Duration DEFAULT_GC_DEADLINE =
            Duration.ofMillis(Long.getLong("leakcheck.gcDeadlineMillis", 250));

    private static final AtomicLong NEXT_KEY = new AtomicLong(1);

    private final long key = NEXT_KEY.getAndIncrement();
    private final List<WatchedReference> references = new ArrayList<>();
    private Path keepDumpsIn = keepDumpsFromProperty();

    /** Watches {@code object}, keeping only a weak reference; {@code description} names it in the report's path. */
    public void watch(Object object, String description) {
        if (object == null) {
            throw new IllegalArgumentException("cannot watch null (" + description + ")");
        }
        synchronized (references) {
            references.add(new WatchedReference(object, key, description));
        }
    }

    /** Keeps the heap dump of a leak verdict in {@code folder} (created if needed) and names it in the report. */
    public ObjectWatcher keepingHeapDumpsIn(Path folder) {
        this.keepDumpsIn = folder;
        return this;
    }

    public int watchedCount() {
        synchronized (references) {
            return references.size();
        }
    }

    /** The verdict after up to {@link #DEFAULT_GC_DEADLINE} of garbage collections. */
    public RetentionReport leaks() {
        return leaks(DEFAULT_GC_DEADLINE);
    }

    /**
     * The verdict now: no waiting for collections; a heap dump (which collects first) decides what
     * is still strongly reachable. For objects that nothing could free, such as those a live
     * thread holds.
     */
    public RetentionReport leaksNow() {
        return leaks(Duration.ZERO);
    }

    /**
     * Asks for garbage collections (under {@code -XX:+DisableExplicitGC} too) until every watched
     * object is collected or {@code gcDeadline} passes; then, if some are left, dumps the heap and
     * finds the shortest strong path from a GC root to each.
     */
    public RetentionReport leaks(Duration gcDeadline) {
        long start = System.nanoTime();
        List<WatchedReference> watched;
        synchronized (references) {
            watched = List.copyOf(references);
        }
        if (!gcDeadline.isZero()) {
            Waits.until(gcDeadline, () -> {
                if (allCleared(watched)) {
                    return true;
                }
                Gc.collect();
                return allCleared(watched);
            });
        }
        if (allCleared(watched)) {
            return RetentionReport.clean(watched.size(), Waits.since(start));
        }
        try (HeapDump dump = dump()) {
            Retention retention = dump.pathsToWatched(key);
            return RetentionReport.of(
                    watched.size(), retention, keepDumpsIn == null ? null : dump.file(), Waits.since(start));
        } catch (HeapDumpException e) {
            throw new IllegalStateException("The heap dump for the verdict failed: " + e.getMessage(), e);
        }
    }

    private HeapDump dump() throws HeapDumpException {
        if (keepDumpsIn == null) {
            return HeapDump.ofThisJvm();
        }
        try {
            Files.createDirectories(keepDumpsIn);
            Path file = Files.createTempFile(keepDumpsIn, "leak-", ".hprof");
            Files.delete(file); // dumpHeap refuses an existing file
            return HeapDump.ofThisJvm(file, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a heap dump in " + keepDumpsIn, e);
        }
    }

    private static boolean allCleared(List<WatchedReference> watched) {
        for (WatchedReference reference : watched) {
            if (!reference.isCleared()) {
                return false;
            }
        }
        return true;
    }

    private static Path keepDumpsFromProperty() {
        String folder = System.getProperty("leakcheck.keepHeapDumps");
        return folder == null || folder.isBlank() || folder.equals("false")
                ? null
                : folder.equals("true") ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of(folder);
    }
}
