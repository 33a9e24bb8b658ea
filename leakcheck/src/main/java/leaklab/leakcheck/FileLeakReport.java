package leaklab.leakcheck;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** File descriptors opened by a workload and still open; see {@link FileSnapshot}. */
public final class FileLeakReport {

    private final long count;
    private final List<String> descriptors;
    private final boolean afterGc;
    private final Duration waited;

    FileLeakReport(long count, List<String> descriptors, boolean afterGc, Duration waited) {
        this.count = count;
        this.descriptors = List.copyOf(descriptors);
        this.afterGc = afterGc;
        this.waited = waited;
    }

    /** How many more descriptors are open than at the snapshot. */
    public long count() {
        return count;
    }

    public boolean isClean() {
        return count == 0;
    }

    /** The new descriptors and their targets ({@code "fd 42 -> /tmp/orders.log"}); empty where there is no /proc. */
    public List<String> descriptors() {
        return descriptors;
    }

    /** Fails naming how many descriptors are open, grouped by what they point to. */
    public void assertClean() {
        if (!isClean()) {
            throw new AssertionError(this.toString());
        }
    }

    @Override
    public String toString() {
        String when = afterGc ? "after " + waited.toMillis() + " ms of garbage collections" : "now, before any GC";
        if (isClean()) {
            return "No leaked file descriptors (" + when + ").";
        }
        StringBuilder out = new StringBuilder();
        out.append(count).append(count == 1 ? " file descriptor" : " file descriptors")
                .append(" opened by the workload still open ").append(when).append(":\n");
        Map<String, Integer> byTarget = new LinkedHashMap<>();
        for (String descriptor : descriptors) {
            String target = descriptor.substring(descriptor.indexOf("-> ") + 3)
                    .replaceAll("\\[\\d+]", "[...]"); // socket:[1234] and pipe:[99] group together
            byTarget.merge(target, 1, Integer::sum);
        }
        byTarget.forEach((target, n) -> out.append("  ").append(n).append(" x ").append(target).append('\n'));
        out.append("Next: on the live process, ls -l /proc/<pid>/fd (or lsof -p <pid>) lists them;"
                + " find the stream, channel or socket opened on that path and the path that skips its close()"
                + " (an exception before close, or a missing try-with-resources).");
        return out.toString();
    }
}
