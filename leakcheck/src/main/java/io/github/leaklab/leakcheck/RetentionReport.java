package io.github.leaklab.leakcheck;

import io.github.leaklab.leakcheck.heap.PathGroup;
import io.github.leaklab.leakcheck.heap.Retention;
import io.github.leaklab.leakcheck.heap.Sizes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The verdict of {@link ObjectWatcher#leaks()}: which watched objects are still strongly reachable, and why. */
public final class RetentionReport implements LeakReport {

    private final int watched;
    private final Retention retention;
    private final Path keptDump;
    private final Duration took;

    private RetentionReport(int watched, Retention retention, Path keptDump, Duration took) {
        this.watched = watched;
        this.retention = retention;
        this.keptDump = keptDump;
        this.took = took;
    }

    static RetentionReport clean(int watched, Duration took) {
        return new RetentionReport(watched, new Retention("watched objects", 0, 0, 0, List.of()), null, took);
    }

    static RetentionReport of(int watched, Retention retention, Path keptDump, Duration took) {
        return new RetentionReport(watched, retention, keptDump, took);
    }

    @Override
    public Verdict verdict() {
        return retention.isClean() ? Verdict.CLEAN : Verdict.LEAK;
    }

    public int watched() {
        return watched;
    }

    /** Watched objects still strongly reachable from a GC root. */
    public int retainedCount() {
        return retention.retained();
    }

    /** Watched objects collected, or reachable only through weak or soft references. */
    public int collectedCount() {
        return watched - retention.retained();
    }

    /** What the retained objects keep alive, from the heap dump's dominator tree; 0 when clean. */
    public long retainedBytes() {
        return retention.retainedBytes();
    }

    /** The shortest path from a GC root to a retained object, LeakCanary-style, each object labelled with its description. */
    public String shortestPath() {
        return retention.shortestPath();
    }

    /** The hops of the shortest path, e.g. {@code [ScheduledThreadPoolExecutor.workQueue, ...]}. */
    public List<String> pathSignature() {
        return retention.shortestPathHops();
    }

    /** The path shapes that hold the retained objects, most objects first. */
    public List<PathGroup> paths() {
        return retention.groups();
    }

    /** How many retained objects are held along each path shape: {@code "TimerThread.queue -> TaskQueue.queue -> TimerTask[x] -> ..."}. */
    public Map<String, Integer> countByPath() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (PathGroup group : retention.groups()) {
            counts.put(group.shape(), group.count());
        }
        return counts;
    }

    /** Where the heap dump of this verdict was kept, if it was (see {@link ObjectWatcher}). */
    public Optional<Path> keptHeapDump() {
        return Optional.ofNullable(keptDump);
    }

    @Override
    public Duration took() {
        return took;
    }

    /** What is retained, how many, the path that keeps it, and what to do next. */
    @Override
    public String toString() {
        if (verdict() == Verdict.CLEAN) {
            return "All " + watched + " watched objects were garbage collected (verdict in " + took.toMillis()
                    + " ms).";
        }
        StringBuilder out = new StringBuilder();
        out.append(retainedCount())
                .append(" of ")
                .append(watched)
                .append(" watched objects ")
                .append(retainedCount() == 1 ? "is" : "are")
                .append(" still strongly reachable, retaining ")
                .append(Sizes.format(retainedBytes()))
                .append(" (verdict in ")
                .append(took.toMillis())
                .append(" ms).\n");
        if (paths().size() > 1) {
            out.append("They are held along ").append(paths().size()).append(" different paths:\n");
            for (PathGroup group : paths()) {
                out.append("  ")
                        .append(group.count())
                        .append(" x ")
                        .append(group.shape())
                        .append(" (")
                        .append(Sizes.format(group.retainedBytes()))
                        .append(")\n");
            }
        }
        out.append("Shortest path from a GC root:\n").append(shortestPath()).append('\n');
        if (keptDump != null) {
            out.append("Heap dump kept at ")
                    .append(keptDump.toAbsolutePath())
                    .append(": open it in VisualVM or Eclipse MAT (Path to GC Roots) to see everything it holds.\n");
        }
        String suspect = firstSuspect(shortestPath());
        out.append("Next: ")
                .append(
                        suspect == null
                                ? "find the first reference in the path from an object marked \"Leaking: NO\" to one marked"
                                        + " \"Leaking: UNKNOWN\": that is the one to clear"
                                : "clear " + suspect
                                        + " when the object is done with, the first reference the path underlines (~~~)")
                .append(": remove the object from it, or cancel or close the owner that keeps it.");
        if (keptDump == null) {
            out.append(" To look further, run with -Dleakcheck.keepHeapDumps=true to keep this heap dump.");
        }
        return out.toString();
    }

    /** The first reference Shark underlines as suspect: {@code static ObjectWatcherTest.REGISTRY}. */
    static String firstSuspect(String trace) {
        String[] lines = trace.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            int arrow = lines[i].indexOf("↓ ");
            if (arrow >= 0 && lines[i + 1].contains("~")) {
                return lines[i].substring(arrow + 2).strip();
            }
        }
        return null;
    }
}
