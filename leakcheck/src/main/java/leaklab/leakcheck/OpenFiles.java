package leaklab.leakcheck;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;

/**
 * Open file descriptors of this JVM: the count from {@code UnixOperatingSystemMXBean}, and on
 * Linux what each one points to, from {@code /proc/self/fd} (what {@code ls -l /proc/<pid>/fd}
 * or {@code lsof -p <pid>} shows).
 *
 * <pre>{@code
 * OpenFiles.assumeCountable();
 * FileSnapshot before = OpenFiles.snapshot();
 * runTheWorkload();
 * before.stillOpenAfterGc().assertClean();
 * }</pre>
 */
public final class OpenFiles {

    private static final Path PROC_FD = Path.of("/proc/self/fd");

    private OpenFiles() {
    }

    /** Whether this platform can count open file descriptors (Unix-like JVMs can; Windows cannot). */
    public static boolean countable() {
        return unixBean() != null;
    }

    /** Skips the calling test, with the reason, where file descriptors cannot be counted. */
    public static void assumeCountable() {
        Assumptions.assumeTrue(countable(), () -> "Open file descriptors cannot be counted on "
                + System.getProperty("os.name") + " (no com.sun.management.UnixOperatingSystemMXBean);"
                + " this check runs on Linux and macOS.");
    }

    /** The number of file descriptors open in this JVM now. */
    public static long count() {
        com.sun.management.UnixOperatingSystemMXBean bean = unixBean();
        if (bean == null) {
            throw new UnsupportedOperationException("open file descriptors cannot be counted on "
                    + System.getProperty("os.name") + "; call OpenFiles.assumeCountable() first");
        }
        return bean.getOpenFileDescriptorCount();
    }

    /** The open file descriptors and their targets now. */
    public static FileSnapshot snapshot() {
        return new FileSnapshot(count(), listDescriptors());
    }

    /** fd number to target ("/tmp/x.log", "socket:[1234]", "pipe:[99]"); empty where there is no /proc. */
    static Map<Integer, String> listDescriptors() {
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
                    // The descriptor closed while we listed (the listing's own fd, for one).
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
