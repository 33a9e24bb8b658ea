package leaklab.leakcheck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The file descriptors open at one moment; created by {@link OpenFiles#snapshot()}. */
public final class FileSnapshot {

    /** How long {@link #stillOpenAfterGc()} gives the garbage collector and the Cleaner. */
    public static final Duration DEFAULT_GC_DEADLINE =
            Duration.ofMillis(Long.getLong("leakcheck.fdDeadlineMillis", 1_000));

    private final long count;
    private final Map<Integer, String> descriptors;

    FileSnapshot(long count, Map<Integer, String> descriptors) {
        this.count = count;
        this.descriptors = descriptors;
    }

    public long count() {
        return count;
    }

    /** Descriptors opened since this snapshot and open now, before any garbage collection. */
    public FileLeakReport openNow() {
        return report(false, Duration.ZERO);
    }

    /**
     * Descriptors opened since this snapshot that stay open after garbage collections until the
     * deadline. The JDK's Cleaner closes some unreachable streams (FileInputStream, FileChannel,
     * Files.newInputStream...) after a GC, so a descriptor that this rescues was still a bug: it
     * was open until the next GC. What is left after it is held by something reachable.
     */
    public FileLeakReport stillOpenAfterGc() {
        return stillOpenAfterGc(DEFAULT_GC_DEADLINE);
    }

    public FileLeakReport stillOpenAfterGc(Duration deadline) {
        long start = System.nanoTime();
        ThreadLeaks.retryUntil(deadline, () -> {
            if (newDescriptors().count == 0) {
                return true;
            }
            System.gc();
            return newDescriptors().count == 0;
        });
        return report(true, Duration.ofNanos(System.nanoTime() - start));
    }

    private FileLeakReport report(boolean afterGc, Duration waited) {
        Added added = newDescriptors();
        return new FileLeakReport(added.count, added.descriptors, afterGc, waited);
    }

    /**
     * The descriptors opened since the snapshot. Where /proc lists them they are decided by
     * identity (a number that is new, or now points elsewhere), so a descriptor that something
     * else closes meanwhile cannot hide a new one; elsewhere only the count can tell.
     */
    private Added newDescriptors() {
        Map<Integer, String> now = OpenFiles.listDescriptors();
        if (now.isEmpty()) {
            return new Added(Math.max(0, OpenFiles.count() - count), List.of());
        }
        List<String> added = new ArrayList<>();
        now.forEach((fd, target) -> {
            if (!target.equals(descriptors.get(fd))) {
                added.add("fd " + fd + " -> " + target);
            }
        });
        return new Added(added.size(), added);
    }

    private record Added(long count, List<String> descriptors) {
    }
}
