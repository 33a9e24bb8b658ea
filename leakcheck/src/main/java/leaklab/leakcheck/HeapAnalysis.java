package leaklab.leakcheck;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import io.github.leaklab.leakcheck.shaded.shark.ApplicationLeak;
import io.github.leaklab.leakcheck.shaded.shark.CloseableHeapGraph;
import io.github.leaklab.leakcheck.shaded.shark.HeapAnalysisFailure;
import io.github.leaklab.leakcheck.shaded.shark.HeapAnalysisSuccess;
import io.github.leaklab.leakcheck.shaded.shark.HeapAnalyzer;
import io.github.leaklab.leakcheck.shaded.shark.HeapField;
import io.github.leaklab.leakcheck.shaded.shark.HeapGraph;
import io.github.leaklab.leakcheck.shaded.shark.HeapObject;
import io.github.leaklab.leakcheck.shaded.shark.HprofHeapGraph;
import io.github.leaklab.leakcheck.shaded.shark.IgnoredReferenceMatcher;
import io.github.leaklab.leakcheck.shaded.shark.LeakTrace;
import io.github.leaklab.leakcheck.shaded.shark.LeakTraceReference;
import io.github.leaklab.leakcheck.shaded.shark.LeakingObjectFinder;
import io.github.leaklab.leakcheck.shaded.shark.LibraryLeak;
import io.github.leaklab.leakcheck.shaded.shark.MetadataExtractor;
import io.github.leaklab.leakcheck.shaded.shark.ObjectInspectors;
import io.github.leaklab.leakcheck.shaded.shark.OnAnalysisProgressListener;
import io.github.leaklab.leakcheck.shaded.shark.ReferenceMatcher;
import io.github.leaklab.leakcheck.shaded.shark.ReferencePattern;

/**
 * One heap dump of live objects, analysed by Shark (LeakCanary's heap analyser): for each watched
 * object still in the heap, the shortest strong path from a GC root, and the bytes it retains.
 */
final class HeapAnalysis {

    /** Set {@code -Dleakcheck.keepHeapDumps=true} to keep the .hprof files for VisualVM or Eclipse MAT. */
    private static final boolean KEEP_DUMPS = Boolean.getBoolean("leakcheck.keepHeapDumps");

    /**
     * Weak, soft and phantom references do not keep anything alive, and neither does the
     * finalizer queue: a path through {@code Reference.referent} is no leak.
     */
    private static final List<ReferenceMatcher> NOT_STRONG = List.of(
            new IgnoredReferenceMatcher(new ReferencePattern.InstanceFieldPattern("java.lang.ref.Reference", "referent")));

    /** Lambda class names carry a per-run number and address: {@code Foo$$Lambda$89/0x00007f...}. */
    private static final Pattern LAMBDA_SUFFIX = Pattern.compile("\\$\\$Lambda(?:\\$\\d+)?(?:[/+]0x[0-9a-fA-F]+)?");

    /** Which objects to trace: the referents of the {@link WatchedReference}s with this id. */
    record Target(long watcherId) {
        static Target watcher(long id) {
            return new Target(id);
        }
    }

    final int inHeap;
    final int stronglyReachable;
    final long retainedBytes;
    /** LeakCanary-style traces, one per distinct path shape, shortest first. */
    final List<String> traces;
    /** The hops of the shortest path: {@code Thread.holder}, {@code TimerThread.queue}, ... */
    final List<String> shortestPathHops;
    /** How many retained objects share each path shape. */
    final Map<String, Integer> countBySignature;
    final String keptDump;

    private HeapAnalysis(int inHeap, int stronglyReachable, long retainedBytes, List<String> traces,
                         List<String> shortestPathHops, Map<String, Integer> countBySignature, String keptDump) {
        this.inHeap = inHeap;
        this.stronglyReachable = stronglyReachable;
        this.retainedBytes = retainedBytes;
        this.traces = traces;
        this.shortestPathHops = shortestPathHops;
        this.countBySignature = countBySignature;
        this.keptDump = keptDump;
    }

    /** Dumps the live heap (which runs a full GC first) and analyses the target's objects. */
    static HeapAnalysis of(Target target) {
        Path dir;
        try {
            dir = Files.createTempDirectory("leakcheck-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the heap dump", e);
        }
        // dumpHeap refuses an existing file and wants the .hprof extension.
        File dump = dir.resolve("heap.hprof").toFile();
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.getPath(), true);
            return analyse(dump, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot dump the heap to " + dump, e);
        } finally {
            if (!KEEP_DUMPS) {
                dump.delete();
                dir.toFile().delete();
            }
        }
    }

    private static HeapAnalysis analyse(File dump, Target target) throws IOException {
        try (CloseableHeapGraph graph = HprofHeapGraph.Companion.openHeapGraph(dump, null, hprofTags())) {
            Set<Long> watched = findWatched(graph, target);
            if (watched.isEmpty()) {
                return new HeapAnalysis(0, 0, 0, List.of(), List.of(), Map.of(), keptPath(dump));
            }
            LeakingObjectFinder finder = g -> watched;
            io.github.leaklab.leakcheck.shaded.shark.HeapAnalysis result = new HeapAnalyzer(OnAnalysisProgressListener.Companion.getNO_OP())
                    .analyze(dump, graph, finder, NOT_STRONG, true,
                            ObjectInspectors.Companion.getJdkDefaults(), MetadataExtractor.Companion.getNO_OP());
            if (result instanceof HeapAnalysisFailure failure) {
                throw new IllegalStateException("Shark could not analyse the heap dump", failure.getException());
            }
            HeapAnalysisSuccess success = (HeapAnalysisSuccess) result;
            List<LeakTrace> all = new ArrayList<>();
            for (ApplicationLeak leak : success.getApplicationLeaks()) {
                all.addAll(leak.getLeakTraces());
            }
            for (LibraryLeak leak : success.getLibraryLeaks()) {
                all.addAll(leak.getLeakTraces());
            }
            all.sort(java.util.Comparator.comparingInt(t -> t.getReferencePath().size()));
            long bytes = 0;
            Map<String, Integer> bySignature = new LinkedHashMap<>();
            Map<String, String> traceBySignature = new LinkedHashMap<>();
            for (LeakTrace trace : all) {
                Integer retained = trace.getRetainedHeapByteSize();
                bytes += retained == null ? 0 : retained;
                String shape = String.join(" -> ", hops(trace, true));
                bySignature.merge(shape, 1, Integer::sum);
                traceBySignature.putIfAbsent(shape, normalise(trace.toString()));
            }
            int strong = watched.size() - success.getUnreachableObjects().size();
            List<String> hops = all.isEmpty() ? List.of() : hops(all.get(0), false);
            return new HeapAnalysis(watched.size(), strong, bytes, List.copyOf(traceBySignature.values()),
                    hops, bySignature, keptPath(dump));
        }
    }

    /** The referents, still in the heap, of the target's weak references. */
    private static Set<Long> findWatched(HeapGraph graph, Target target) {
        Set<Long> ids = new LinkedHashSet<>();
        HeapObject.HeapClass referenceClass = graph.findClassByName(WatchedReference.CLASS_NAME);
        if (referenceClass == null) {
            return ids;
        }
        for (Iterator<HeapObject.HeapInstance> it = referenceClass.getInstances().iterator(); it.hasNext(); ) {
            HeapObject.HeapInstance reference = it.next();
            HeapField owner = reference.get(WatchedReference.CLASS_NAME, "watcherId");
            if (owner == null || owner.getValue().getAsLong() == null || owner.getValue().getAsLong() != target.watcherId()) {
                continue;
            }
            HeapField referent = reference.get("java.lang.ref.Reference", "referent");
            Long id = referent == null ? null : referent.getValue().getAsNonNullObjectId();
            if (id != null && graph.objectExists(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * The hops of a path, {@code TimerThread.queue}; with {@code generic}, array indices read
     * {@code [x]} so that the paths to a thousand entries of one array have one shape.
     */
    private static List<String> hops(LeakTrace trace, boolean generic) {
        List<String> hops = new ArrayList<>();
        for (LeakTraceReference reference : trace.getReferencePath()) {
            String name = generic ? reference.getReferenceGenericName() : reference.getReferenceDisplayName();
            String owner = reference.getOwningClassSimpleName();
            // An array element reads TimerTask[3] (or TimerTask[x]), not TimerTask[][3].
            String hop = name.startsWith("[") ? owner.replaceFirst("\\[]$", "") + name : owner + "." + name;
            hops.add(normalise(hop));
        }
        return List.copyOf(hops);
    }

    /**
     * Stable text: lambda names without their per-run suffix, no zero-width spaces. A trace
     * underlines the suspect part of a reference with {@code ~~~} on the next line; where a name
     * before or inside it got shorter, the underline moves and shrinks with it.
     */
    static String normalise(String text) {
        String[] lines = text.replace("\u200B", " ").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i + 1 < lines.length && lines[i + 1].matches("[│ ]*~+\\s*")) {
                lines[i + 1] = moveUnderline(lines[i], lines[i + 1]);
            }
            lines[i] = LAMBDA_SUFFIX.matcher(lines[i]).replaceAll("\\$\\$Lambda");
        }
        return String.join("\n", lines);
    }

    private static String moveUnderline(String line, String underline) {
        int start = underline.indexOf('~');
        int end = underline.lastIndexOf('~') + 1;
        int newStart = start;
        int newEnd = end;
        java.util.regex.Matcher lambda = LAMBDA_SUFFIX.matcher(line);
        while (lambda.find()) {
            int removed = lambda.end() - lambda.start() - "$$Lambda".length();
            // Characters removed before a column shift it left; removed inside the underline shorten it.
            newStart -= Math.max(0, Math.min(removed, start - (lambda.start() + "$$Lambda".length())));
            newEnd -= Math.max(0, Math.min(removed, end - (lambda.start() + "$$Lambda".length())));
        }
        if (newEnd <= newStart) {
            newEnd = newStart + 1;
        }
        return underline.substring(0, newStart) + "~".repeat(newEnd - newStart);
    }

    private static String keptPath(File dump) {
        return KEEP_DUMPS ? dump.getAbsolutePath() : null;
    }

    private static Set<io.github.leaklab.leakcheck.shaded.shark.HprofRecordTag> hprofTags() {
        return io.github.leaklab.leakcheck.shaded.shark.HprofIndex.Companion.defaultIndexedGcRootTags();
    }
}
