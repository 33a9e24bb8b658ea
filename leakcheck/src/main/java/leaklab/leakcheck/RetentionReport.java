package leaklab.leakcheck;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The verdict of {@link ObjectWatcher#awaitVerdict()}: which watched objects are still strongly reachable, and why. */
public final class RetentionReport {

    private final int watched;
    private final int retained;
    private final long retainedBytes;
    private final List<String> traces;
    private final List<String> pathSignature;
    private final Map<String, Integer> countByPath;
    private final String keptDump;
    private final Duration took;

    private RetentionReport(int watched, int retained, long retainedBytes, List<String> traces,
                            List<String> pathSignature, Map<String, Integer> countByPath, String keptDump,
                            Duration took) {
        this.watched = watched;
        this.retained = retained;
        this.retainedBytes = retainedBytes;
        this.traces = traces;
        this.pathSignature = pathSignature;
        this.countByPath = countByPath;
        this.keptDump = keptDump;
        this.took = took;
    }

    static RetentionReport clean(int watched, Duration took) {
        return new RetentionReport(watched, 0, 0, List.of(), List.of(), Map.of(), null, took);
    }

    static RetentionReport of(int watched, HeapAnalysis analysis, Duration took) {
        if (analysis.stronglyReachable == 0) {
            return clean(watched, took);
        }
        return new RetentionReport(watched, analysis.stronglyReachable, analysis.retainedBytes, analysis.traces,
                analysis.shortestPathHops, analysis.countBySignature, analysis.keptDump, took);
    }

    public int watched() {
        return watched;
    }

    /** Watched objects still strongly reachable from a GC root. */
    public int retainedCount() {
        return retained;
    }

    /** Watched objects collected, or reachable only through weak or soft references. */
    public int collectedCount() {
        return watched - retained;
    }

    public boolean isClean() {
        return retained == 0;
    }

    /** What the retained objects keep alive, from the heap dump's dominator tree; 0 when clean. */
    public long retainedBytes() {
        return retainedBytes;
    }

    /** The shortest path from a GC root to a retained object, LeakCanary-style; empty when clean. */
    public String shortestPath() {
        return traces.isEmpty() ? "" : traces.get(0);
    }

    /** Every distinct path shape, shortest first. */
    public List<String> paths() {
        return traces;
    }

    /**
     * How many retained objects are held along each path shape, the shape written as its hops
     * with array indices generic: {@code "TimerThread.queue -> TaskQueue.queue -> TimerTask[x] -> ..."}.
     */
    public Map<String, Integer> countByPath() {
        return countByPath;
    }

    /** The reference hops of the shortest path, e.g. {@code [ScheduledThreadPoolExecutor.workQueue, ...]}. */
    public List<String> pathSignature() {
        return pathSignature;
    }

    /** How long the verdict took (GC polling, and the dump and analysis when something was retained). */
    public Duration took() {
        return took;
    }

    /** Fails with what is retained, how many, the path that keeps it, and what to run next. */
    public void assertAllCollected() {
        if (!isClean()) {
            throw new AssertionError(this.toString());
        }
    }

    @Override
    public String toString() {
        if (isClean()) {
            return "All " + watched + " watched objects were garbage collected (verdict in " + took.toMillis() + " ms).";
        }
        StringBuilder out = new StringBuilder();
        out.append(retained).append(" of ").append(watched)
                .append(" watched objects are still strongly reachable, retaining ")
                .append(Units.bytes(retainedBytes)).append(".\n");
        if (countByPath.size() > 1) {
            out.append("They are held along ").append(countByPath.size()).append(" different paths:\n");
            countByPath.forEach((path, n) -> out.append("  ").append(n).append(" x ")
                    .append(path.replace('\n', ' ')).append('\n'));
        }
        out.append("Shortest path from a GC root:\n").append(shortestPath()).append('\n');
        if (keptDump != null) {
            out.append("Heap dump kept at ").append(keptDump).append('\n');
        }
        out.append("Next: on the live process, jcmd <pid> GC.class_histogram shows how many there are;"
                + " jcmd <pid> GC.heap_dump leak.hprof and a heap analyser's path to GC roots show who holds them."
                + " Run with -Dleakcheck.keepHeapDumps=true to keep this dump.");
        return out.toString();
    }
}
