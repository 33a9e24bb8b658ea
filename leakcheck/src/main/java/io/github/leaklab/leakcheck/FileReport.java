package io.github.leaklab.leakcheck;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The verdict of {@link FileSnapshot#leaks()}: descriptors opened by a workload and not closed by it. */
public final class FileReport implements LeakReport {

    private final Verdict verdict;
    private final List<OpenDescriptor> leaked;
    private final List<OpenDescriptor> closedByGc;
    private final Map<Integer, String> holders;
    private final Duration took;
    /** How long the garbage collections took; null when the verdict was taken without any ({@code leaksNow()}). */
    private final Duration collecting;

    private final long collectionsDuringWorkload;

    FileReport(
            Verdict verdict,
            List<OpenDescriptor> leaked,
            List<OpenDescriptor> closedByGc,
            Map<Integer, String> holders,
            Duration took,
            Duration collecting,
            long collectionsDuringWorkload) {
        this.verdict = verdict;
        this.leaked = List.copyOf(leaked);
        this.closedByGc = List.copyOf(closedByGc);
        this.holders = Map.copyOf(holders);
        this.took = took;
        this.collecting = collecting;
        this.collectionsDuringWorkload = collectionsDuringWorkload;
    }

    FileReport orClean() {
        return leaked.isEmpty() && closedByGc.isEmpty()
                ? new FileReport(
                        Verdict.CLEAN, List.of(), List.of(), Map.of(), took, collecting, collectionsDuringWorkload)
                : this;
    }

    @Override
    public Verdict verdict() {
        return verdict;
    }

    /** Descriptors still open at the verdict: held by something reachable (or, from {@code leaksNow()}, not yet judged). */
    public List<OpenDescriptor> leaked() {
        return leaked;
    }

    /** Descriptors that only a garbage collection closed (the Cleaner's work): the {@link Verdict#UNTIL_GC} ones. */
    public List<OpenDescriptor> closedByGc() {
        return closedByGc;
    }

    /** How many descriptors the workload left open: leaked, or open until a GC. */
    public int count() {
        return leaked.size() + closedByGc.size();
    }

    /**
     * How many garbage collections the JVM ran by itself between the snapshot and the check's own
     * (during the workload, or while the check waited for closes in flight): each may have let the
     * Cleaner close a dropped stream unseen, so a report with any is a lower bound
     * ({@link FileDescriptors#leaksOf} runs the workload again).
     */
    public long collectionsDuringWorkload() {
        return collectionsDuringWorkload;
    }

    @Override
    public Duration took() {
        return took;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        switch (verdict) {
            case CLEAN -> {
                out.append("No leaked file descriptors: the workload closed every one it opened (verdict in ")
                        .append(took.toMillis())
                        .append(" ms).");
                if (collectionsDuringWorkload > 0) {
                    out.append(' ')
                            .append(duringWorkload())
                            .append(" a stream dropped before it would be missing here.");
                }
            }
            case LEAK -> {
                out.append(leaked.size())
                        .append(leaked.size() == 1 ? " file descriptor" : " file descriptors")
                        .append(" opened by the workload ")
                        .append(leaked.size() == 1 ? "is" : "are")
                        .append(" still open ")
                        .append(
                                collecting != null
                                        ? "after " + collecting.toMillis()
                                                + " ms of garbage collections: something reachable holds "
                                                + (leaked.size() == 1 ? "it" : "them")
                                        : "now (decided without a garbage collection)")
                        .append(":\n");
                list(out, leaked, true);
                if (!closedByGc.isEmpty()) {
                    out.append("And ").append(closedByGc.size()).append(" more closed only by a garbage collection:\n");
                    list(out, closedByGc, false);
                }
                out.append("Next: ")
                        .append(
                                sockets(leaked)
                                        ? "close the client, server or connection that owns "
                                                + (leaked.size() == 1 ? leaked.get(0) : "them")
                                                + (holders.isEmpty() ? "" : " (a path above shows who keeps one)")
                                                + " when done with it: close() the client, or evict its connection pool."
                                        : "close the stream or channel that holds " + leaked.get(0)
                                                + (holders.isEmpty() ? "" : " (the path above shows who keeps it)")
                                                + " where it is opened, with try-with-resources: try (var in = Files.newInputStream(path)) { ... };"
                                                + " or in the close() of the object that owns it.");
            }
            case UNTIL_GC -> {
                out.append(closedByGc.size())
                        .append(closedByGc.size() == 1 ? " file descriptor" : " file descriptors")
                        .append(" opened by the workload ")
                        .append(closedByGc.size() == 1 ? "was" : "were")
                        .append(" closed only by a garbage collection:\n");
                list(out, closedByGc, false);
                if (collectionsDuringWorkload > 0) {
                    out.append(duringWorkload()).append(" a stream dropped before it would be missing above.\n");
                }
                out.append("The JDK's Cleaner closed ")
                        .append(closedByGc.size() == 1 ? "it" : "them")
                        .append(
                                ": a stream, channel or socket dropped without close() becomes unreachable, and the Cleaner"
                                        + " closes its descriptor after the next GC. That is no fix: until a GC runs (hours, on a quiet heap)"
                                        + " each one stays open, and a busy process runs out of descriptors first (\"Too many open files\").\n")
                        .append(
                                sockets(closedByGc)
                                        ? "Next: close the client or connection that owns the sockets when done with it (close() the client,"
                                                + " or evict its connection pool), rather than dropping it."
                                        : "Next: close each one where it is opened, with try-with-resources:"
                                                + " try (var in = Files.newInputStream(path)) { ... }.");
            }
        }
        return out.toString();
    }

    private String duringWorkload() {
        return "But " + collectionsDuringWorkload
                + (collectionsDuringWorkload == 1 ? " garbage collection" : " garbage collections")
                + " ran during the workload (FileDescriptors.leaksOf runs it again until one run has none):";
    }

    /** Sockets, selectors ({@code anon_inode:[eventpoll]}) and pipes: what clients and servers hold, not files. */
    private static boolean sockets(List<OpenDescriptor> descriptors) {
        return descriptors.stream()
                .allMatch(d -> d.target().startsWith("socket:")
                        || d.target().startsWith("anon_inode:")
                        || d.target().startsWith("pipe:"));
    }

    private void list(StringBuilder out, List<OpenDescriptor> descriptors, boolean withHolders) {
        Map<String, Integer> byTarget = new LinkedHashMap<>();
        for (OpenDescriptor descriptor : descriptors) {
            String holder = withHolders ? holders.get(descriptor.fd()) : null;
            if (holder != null) {
                out.append("  ")
                        .append(descriptor)
                        .append(", held along this path from a GC root:\n")
                        .append(holder.indent(4));
            } else {
                // socket:[1234] and pipe:[99] group together
                byTarget.merge(descriptor.target().replaceAll("\\[\\d+]", "[...]"), 1, Integer::sum);
            }
        }
        byTarget.forEach((target, n) ->
                out.append("  ").append(n).append(" x ").append(target).append('\n'));
    }
}
