package leaklab.demo;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.OptionalLong;

/**
 * Stops a demo that leaks file descriptors before the process runs out of them: the cap is half
 * the process's limit ({@code ulimit -n}), so that the demo, and the tools that look at it, can
 * still open what they need. At the limit itself, every new file, socket or pipe fails with
 * {@code IOException: Too many open files}. Where the JVM cannot count descriptors (Windows),
 * there is no cap.
 */
final class FileCap {

    private final long limit;

    private FileCap(long limit) {
        this.limit = limit;
    }

    /** The cap of this process: half its limit of open descriptors. */
    static FileCap ofThisProcess() {
        com.sun.management.UnixOperatingSystemMXBean unix = unix();
        return new FileCap(unix == null ? 0 : unix.getMaxFileDescriptorCount());
    }

    /** The process's limit of open descriptors, 0 where unknown. */
    long limit() {
        return limit;
    }

    /** Half the limit; 0 where there is no cap. */
    long cap() {
        return limit / 2;
    }

    /** The open descriptors if they passed the cap, else empty. */
    OptionalLong exceeded() {
        com.sun.management.UnixOperatingSystemMXBean unix = unix();
        if (unix == null || cap() <= 0) {
            return OptionalLong.empty();
        }
        long open = unix.getOpenFileDescriptorCount();
        return open > cap() ? OptionalLong.of(open) : OptionalLong.empty();
    }

    private static com.sun.management.UnixOperatingSystemMXBean unix() {
        OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
        return bean instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix : null;
    }
}
