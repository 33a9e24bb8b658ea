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
            if (OpenFiles.count() <= count) {
                return true;
            }
            System.gc();
            return OpenFiles.count() <= count;
        });
        return report(true, Duration.ofNanos(System.nanoTime() - start));
    }

    private FileLeakReport report(boolean afterGc, Duration waited) {
        long now = OpenFiles.count();
        List<String> added = new ArrayList<>();
        OpenFiles.listDescriptors().forEach((fd, target) -> {
            if (!target.equals(descriptors.get(fd))) {
                added.add("fd " + fd + " -> " + target);
            }
        });
        return new FileLeakReport(Math.max(0, now - count), added, afterGc, waited);
    }
}
