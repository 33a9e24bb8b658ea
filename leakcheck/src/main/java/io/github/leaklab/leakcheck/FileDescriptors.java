package io.github.leaklab.leakcheck;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Open file descriptors of this JVM: the count from {@code UnixOperatingSystemMXBean}, and on
 * Linux what each one points to, from {@code /proc/self/fd} (what {@code ls -l /proc/<pid>/fd}
 * or {@code lsof -p <pid>} shows).
 *
 * <pre>{@code
 * FileSnapshot before = FileDescriptors.snapshot();
 * runTheWorkload();
 * before.leaks().assertNoLeak();   // LEAK, UNTIL_GC (closed only by the Cleaner after a GC) or CLEAN
 *
 * // The same, run again if the JVM collected garbage during the workload (see leaksOf):
 * FileDescriptors.leaksOf(() -> runTheWorkload()).assertNoLeak();
 * }</pre>
 *
 * <p>Descriptors the JDK opens by itself for the life of the process ({@code /dev/urandom} for
 * the first {@code SecureRandom}, class path jars...) are never counted.
 */
public final class FileDescriptors {

    /** How long {@link FileSnapshot#leaks()} waits at most for descriptors to close: {@code -Dleakcheck.fdDeadlineMillis}, 1 s by default. */
    public static final Duration DEFAULT_DEADLINE =
            Duration.ofMillis(Long.getLong("leakcheck.fdDeadlineMillis", 1_000));

    private static final Path PROC_FD = Path.of("/proc/self/fd");

    private FileDescriptors() {}

    /** Whether this platform can count open file descriptors (Linux and macOS can; Windows cannot). */
    public static boolean countable() {
        return unixBean() != null;
    }

    /** The number of file descriptors open in this JVM now. */
    public static long count() {
        com.sun.management.UnixOperatingSystemMXBean bean = unixBean();
        if (bean == null) {
            throw new UnsupportedOperationException(
                    "Open file descriptors cannot be counted on " + System.getProperty("os.name")
                            + " (no UnixOperatingSystemMXBean): check FileDescriptors.countable() first.");
        }
        return bean.getOpenFileDescriptorCount();
    }

    /** The open file descriptors and their targets now. */
    public static FileSnapshot snapshot() {
        Gc.prepare();
        // The first check reads the class path's manifests; read them now, not inside the check,
        // where that allocation could run a collection that closes a dropped stream unseen.
        JdkDescriptors.prepare();
        return new FileSnapshot(count(), list(), Gc.count());
    }

    /** What {@link #leaksOf} runs: the code whose descriptors are checked. */
    @FunctionalInterface
    public interface Workload {
        void run() throws Exception;
    }

    /** How many times {@link #leaksOf} runs a workload at most. */
    static final int RUNS = 3;

    /**
     * Runs the workload between a {@link #snapshot()} and its {@link FileSnapshot#leaks()}, and runs
     * it again, up to {@value #RUNS} times in all, while a garbage collection ran during it: such a
     * collection lets the Cleaner close a stream the workload dropped before the check can see it
     * open, and a leak would read as clean. The first run with no collection gives the report;
     * after {@value #RUNS} interrupted runs, the last one does, and says so. The workload must be
     * safe to run more than once; what it throws ends the check.
     */
    public static FileReport leaksOf(Workload workload) throws Exception {
        FileReport report;
        int run = 0;
        do {
            run++;
            FileSnapshot before = snapshot();
            workload.run();
            report = before.leaks();
        } while (report.collectionsDuringWorkload() > 0 && run < RUNS);
        return report;
    }

    /** fd number to target; empty where there is no /proc. */
    static Map<Integer, String> list() {
        Map<Integer, String> descriptors = new TreeMap<>();
        if (!Files.isDirectory(PROC_FD)) {
            return descriptors;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC_FD)) {
            for (Path entry : entries) {
                try {
                    String target = Files.readSymbolicLink(entry).toString();
                    if (target.startsWith("/proc/") && target.endsWith("/fd")) {
                        continue; // the descriptor of this very listing
                    }
                    descriptors.put(Integer.parseInt(entry.getFileName().toString()), target);
                } catch (IOException | NumberFormatException closedMeanwhile) {
                    // The descriptor closed while we listed (the listing's own, for one).
                }
            }
        } catch (IOException e) {
            return descriptors;
        }
        return descriptors;
    }

    private static com.sun.management.UnixOperatingSystemMXBean unixBean() {
        OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
        return bean instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix : null;
    }
}
