package io.github.leaklab.leakcheck;

import io.github.leaklab.leakcheck.heap.HeapDump;
import io.github.leaklab.leakcheck.heap.HeapDumpException;
import io.github.leaklab.leakcheck.heap.Retention;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The file descriptors open at one moment; created by {@link FileDescriptors#snapshot()}.
 *
 * <p>{@link #leaks()} decides in three steps: clean as soon as every descriptor the workload
 * opened is closed (waiting up to 100 ms for closes in flight); then garbage collections, which
 * let the JDK's Cleaner close the streams that were dropped without {@code close()} (those are
 * {@link Verdict#UNTIL_GC}); whatever is still open at the deadline is held by something
 * reachable ({@link Verdict#LEAK}), and a heap dump shows what holds it. Works under
 * {@code -XX:+DisableExplicitGC} too.
 *
 * <p>A collection that runs during the workload itself (the JVM's own, when the workload allocates)
 * lets the Cleaner close a dropped stream before {@link #leaks()} looks, and that stream then
 * counts as closed; so does one while {@code leaks()} waits for closes in flight, before its own
 * collections. The report says how many ran ({@link FileReport#collectionsDuringWorkload()});
 * {@link FileDescriptors#leaksOf} runs the workload again until one run has none.
 */
public final class FileSnapshot {

    /** How long closes in flight (another thread's) get before garbage collections start. */
    static final Duration CLOSING = Duration.ofMillis(100);

    static final boolean FIND_HOLDERS = !"false".equals(System.getProperty("leakcheck.fdHolders"));

    private final long count;
    private final Map<Integer, String> descriptors;
    private final long collections;

    FileSnapshot(long count, Map<Integer, String> descriptors, long collections) {
        this.count = count;
        this.descriptors = descriptors;
        this.collections = collections;
    }

    /** How many descriptors were open at the snapshot. */
    public long count() {
        return count;
    }

    /** The verdict after up to {@link FileDescriptors#DEFAULT_DEADLINE} of garbage collections (see the class comment). */
    public FileReport leaks() {
        return leaks(FileDescriptors.DEFAULT_DEADLINE);
    }

    /**
     * The descriptors opened since the snapshot and open now: no waiting, no garbage collection, so
     * no telling a leak from a descriptor the Cleaner would close; every one is called a leak.
     */
    public FileReport leaksNow() {
        long start = System.nanoTime();
        List<OpenDescriptor> open = opened();
        long during = collectionsSince(); // read after opened(), which allocates: see leaks(Duration)
        return new FileReport(Verdict.LEAK, open, List.of(), Map.of(), Waits.since(start), null, during).orClean();
    }

    public FileReport leaks(Duration deadline) {
        long start = System.nanoTime();
        boolean closed = Waits.until(min(CLOSING, deadline), () -> opened().isEmpty());
        List<OpenDescriptor> beforeGc = closed ? List.of() : opened();
        // Read after the last listing before this check's own collections (listings allocate too):
        // a collection the JVM ran by itself until then may have let the Cleaner close a dropped
        // stream before any listing saw it open.
        long during = collectionsSince();
        if (closed) {
            return new FileReport(
                    Verdict.CLEAN, List.of(), List.of(), Map.of(), Waits.since(start), Duration.ZERO, during);
        }
        // A collection, then time for the Cleaner (its own thread) to close what the collection freed:
        // 50 ms, doubling up to the deadline, so a leak verdict costs a handful of collections.
        long waitAfterGc = TimeUnit.MILLISECONDS.toNanos(50);
        while (System.nanoTime() - start < deadline.toNanos()) {
            Gc.collect();
            long left = deadline.toNanos() - (System.nanoTime() - start);
            if (Waits.until(Duration.ofNanos(Math.max(0, Math.min(waitAfterGc, left))), () -> opened().isEmpty())) {
                break;
            }
            waitAfterGc *= 2;
        }
        List<OpenDescriptor> stillOpen = opened();
        List<OpenDescriptor> closedByGc = new ArrayList<>(beforeGc);
        closedByGc.removeAll(stillOpen);
        Duration collecting = Waits.since(start);
        Map<Integer, String> holders = stillOpen.isEmpty() || !FIND_HOLDERS ? Map.of() : holdersOf(stillOpen);
        Verdict verdict = !stillOpen.isEmpty() ? Verdict.LEAK : closedByGc.isEmpty() ? Verdict.CLEAN : Verdict.UNTIL_GC;
        return new FileReport(verdict, stillOpen, closedByGc, holders, Waits.since(start), collecting, during);
    }

    /** The collections that ran since this snapshot was taken. */
    private long collectionsSince() {
        return Gc.count() - collections;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** For each descriptor, the shortest path from a GC root to its FileDescriptor object, from a heap dump. */
    private static Map<Integer, String> holdersOf(List<OpenDescriptor> open) {
        Set<Integer> fds = open.stream().map(OpenDescriptor::fd).collect(Collectors.toSet());
        try (HeapDump dump = HeapDump.ofThisJvm()) {
            Retention held = dump.pathsToFileDescriptors(fds);
            return held.groups().stream()
                    .flatMap(group -> fds.stream()
                            .filter(fd -> group.trace().contains("Watched as: file descriptor " + fd + "\n")
                                    || group.trace().endsWith("Watched as: file descriptor " + fd))
                            .map(fd -> Map.entry(fd, group.trace())))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a));
        } catch (HeapDumpException | RuntimeException e) {
            return Map.of(); // the verdict stands without the paths
        }
    }

    /**
     * The descriptors opened since the snapshot and open now, by identity where /proc lists them (a
     * number that is new, or now points elsewhere), less those the JDK keeps for the process's life.
     */
    List<OpenDescriptor> opened() {
        Map<Integer, String> now = FileDescriptors.list();
        List<OpenDescriptor> added = new ArrayList<>();
        if (now.isEmpty()) {
            long more = Math.max(0, FileDescriptors.count() - count); // no /proc: only the count can tell
            for (int i = 0; i < more; i++) {
                added.add(new OpenDescriptor(-1, "(a descriptor; this platform does not say which)"));
            }
            return added;
        }
        now.forEach((fd, target) -> {
            if (!target.equals(descriptors.get(fd)) && !JdkDescriptors.isProcessLifetime(target)) {
                added.add(new OpenDescriptor(fd, target));
            }
        });
        return added;
    }
}
