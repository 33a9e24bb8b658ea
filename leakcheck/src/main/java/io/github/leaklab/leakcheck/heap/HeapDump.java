package io.github.leaklab.leakcheck.heap;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.github.leaklab.leakcheck.heap.HeapDumpException.Reason;
import io.github.leaklab.leakcheck.shaded.kotlin.sequences.Sequence;
import io.github.leaklab.leakcheck.shaded.shark.ApplicationLeak;
import io.github.leaklab.leakcheck.shaded.shark.CloseableHeapGraph;
import io.github.leaklab.leakcheck.shaded.shark.HeapAnalysisFailure;
import io.github.leaklab.leakcheck.shaded.shark.HeapAnalysisSuccess;
import io.github.leaklab.leakcheck.shaded.shark.HeapAnalyzer;
import io.github.leaklab.leakcheck.shaded.shark.HeapField;
import io.github.leaklab.leakcheck.shaded.shark.HeapObject;
import io.github.leaklab.leakcheck.shaded.shark.HprofHeapGraph;
import io.github.leaklab.leakcheck.shaded.shark.HprofIndex;
import io.github.leaklab.leakcheck.shaded.shark.IgnoredReferenceMatcher;
import io.github.leaklab.leakcheck.shaded.shark.LeakTrace;
import io.github.leaklab.leakcheck.shaded.shark.LeakTraceObject;
import io.github.leaklab.leakcheck.shaded.shark.LeakTraceReference;
import io.github.leaklab.leakcheck.shaded.shark.LibraryLeak;
import io.github.leaklab.leakcheck.shaded.shark.MetadataExtractor;
import io.github.leaklab.leakcheck.shaded.shark.ObjectInspector;
import io.github.leaklab.leakcheck.shaded.shark.ObjectInspectors;
import io.github.leaklab.leakcheck.shaded.shark.OnAnalysisProgressListener;
import io.github.leaklab.leakcheck.shaded.shark.ReferenceMatcher;
import io.github.leaklab.leakcheck.shaded.shark.ReferencePattern;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HPROF heap dump, open for questions; see the package documentation for how to use it.
 * Not thread-safe. Close it when done: it holds the file open (and deletes a dump it made itself
 * unless asked to keep it).
 */
public final class HeapDump implements AutoCloseable {

    /**
     * Weak, soft and phantom references keep nothing alive, and neither does the finalizer queue:
     * a path through {@code Reference.referent} is no leak.
     */
    private static final ReferenceMatcher NOT_STRONG = new IgnoredReferenceMatcher(
            new ReferencePattern.InstanceFieldPattern("java.lang.ref.Reference", "referent"));

    /**
     * The JDK's Cleaner keeps what it will close in its cleaning action, on a list of its own: for
     * a file descriptor, that is the Cleaner's bookkeeping, not the holder to find.
     */
    private static final List<ReferenceMatcher> CLEANER = List.of(
            new IgnoredReferenceMatcher(new ReferencePattern.InstanceFieldPattern(
                    "jdk.internal.ref.CleanerImpl$PhantomCleanableRef", "action")),
            new IgnoredReferenceMatcher(
                    new ReferencePattern.InstanceFieldPattern("jdk.internal.ref.PhantomCleanable", "next")),
            new IgnoredReferenceMatcher(
                    new ReferencePattern.InstanceFieldPattern("jdk.internal.ref.PhantomCleanable", "prev")));

    /**
     * Hidden classes carry a per-run address, and lambdas a per-run number too:
     * {@code Foo$$Lambda$89/0x00007f...} (JDK 17), {@code Foo$$Lambda/0x...}, {@code String$$StringConcat+0x...}.
     * What this matches is removed.
     */
    private static final Pattern HIDDEN_SUFFIX =
            Pattern.compile("(?<=\\$\\$Lambda)\\$\\d+(?:[/+]0x[0-9a-fA-F]+)?|[/+]0x[0-9a-fA-F]{4,}");
    /** Shark's size in a trace, in decimal units: {@code Retaining 196.7 kB in 8 objects}. */
    private static final Pattern SHARK_SIZE = Pattern.compile("Retaining [0-9.,]+ [kMGT]?B in (\\d+) objects");

    private final Path file;
    private final CloseableHeapGraph graph;
    /** For a dump of this JVM: the thread that dumped it, whose local variables are the checker's own. */
    private final String dumpingThread;

    private final boolean deleteOnClose;
    /** The temporary folder {@link #ofThisJvm()} made for the dump, deleted with it. */
    private Path temporaryFolder;
    /** For a view made by {@link #withoutThreads}: the threads it leaves out. */
    private Set<String> threadsLeftOut = Set.of();

    private HeapDump(Path file, CloseableHeapGraph graph, String dumpingThread, boolean deleteOnClose) {
        this.file = file;
        this.graph = graph;
        this.dumpingThread = dumpingThread;
        this.deleteOnClose = deleteOnClose;
    }

    /**
     * Opens an existing {@code .hprof} file (from {@code jcmd <pid> GC.heap_dump}, VisualVM,
     * {@code -XX:+HeapDumpOnOutOfMemoryError}...).
     *
     * @throws HeapDumpException with a one-line message when the file is missing, is not an HPROF
     *     heap dump, is truncated, or cannot be read
     */
    public static HeapDump open(Path file) throws HeapDumpException {
        HprofFile.check(file);
        return new HeapDump(file, openGraph(file), null, false);
    }

    /**
     * Dumps the live objects of this JVM (which runs a full garbage collection first, even under
     * {@code -XX:+DisableExplicitGC}) to a new file and opens it. The local variables of the calling
     * thread are left out of every path: they are the caller's own, not a leak.
     *
     * @param file where to write it: must end in {@code .hprof} and must not exist
     * @param keep whether the file stays after {@link #close()}
     */
    public static HeapDump ofThisJvm(Path file, boolean keep) throws HeapDumpException {
        if (!file.getFileName().toString().endsWith(".hprof")) {
            throw new IllegalArgumentException("a heap dump's file name must end in .hprof: " + file);
        }
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(file.toString(), true);
        } catch (IOException | RuntimeException e) {
            throw new HeapDumpException(
                    Reason.UNREADABLE, "Cannot dump this JVM's heap to " + file + ": " + e.getMessage(), e);
        }
        return new HeapDump(file, openGraph(file), Thread.currentThread().getName(), !keep);
    }

    /** As {@link #ofThisJvm(Path, boolean)}, into a temporary file deleted on {@link #close()}. */
    public static HeapDump ofThisJvm() throws HeapDumpException {
        Path dir;
        try {
            dir = Files.createTempDirectory("leakcheck-");
        } catch (IOException e) {
            throw new HeapDumpException(
                    Reason.UNREADABLE, "Cannot create a folder for a heap dump: " + e.getMessage(), e);
        }
        HeapDump dump = ofThisJvm(dir.resolve("heap.hprof"), false);
        dump.temporaryFolder = dir;
        return dump;
    }

    public Path file() {
        return file;
    }

    /**
     * This dump as it would be if the threads whose names pass {@code threadName} had ended: neither
     * those threads nor anything on their stacks is a GC root any more. {@link #pathsTo} on the
     * answer then finds unreachable what only those threads keep alive, and shows another holder's
     * path for the rest: it tells whether stopping the threads would free the objects. A view of
     * this dump: closing it closes nothing, and it cannot be used once this dump is closed.
     */
    public HeapDump withoutThreads(Predicate<String> threadName) {
        ThreadsLeftOut view = new ThreadsLeftOut(graph, threadName);
        HeapDump dump = new HeapDump(file, view, dumpingThread, false);
        dump.threadsLeftOut = view.threadNames();
        return dump;
    }

    /** The names of the threads {@link #withoutThreads} left out of this view; empty for a dump itself. */
    public Set<String> threadsLeftOut() {
        return threadsLeftOut;
    }

    /** The {@code limit} classes with the most shallow bytes (see {@link ClassHistogram}). */
    public ClassHistogram histogram(int limit) {
        Map<String, long[]> byClass = new HashMap<>(); // class name -> {instances, bytes}
        for (HeapObject.HeapInstance instance : each(graph.getInstances())) {
            count(byClass, instance.getInstanceClassName(), instance.getByteSize());
        }
        for (HeapObject.HeapObjectArray array : each(graph.getObjectArrays())) {
            count(byClass, array.getArrayClassName(), array.getByteSize());
        }
        for (HeapObject.HeapPrimitiveArray array : each(graph.getPrimitiveArrays())) {
            count(byClass, array.getArrayClassName(), array.getByteSize());
        }
        long instances = 0;
        long bytes = 0;
        List<ClassHistogram.Row> rows = new ArrayList<>();
        for (Map.Entry<String, long[]> entry : byClass.entrySet()) {
            instances += entry.getValue()[0];
            bytes += entry.getValue()[1];
            rows.add(new ClassHistogram.Row(entry.getKey(), entry.getValue()[0], entry.getValue()[1]));
        }
        rows.sort(Comparator.comparingLong(ClassHistogram.Row::shallowBytes)
                .reversed()
                .thenComparing(ClassHistogram.Row::className));
        return new ClassHistogram(List.copyOf(rows.subList(0, Math.min(limit, rows.size()))), instances, bytes);
    }

    private static void count(Map<String, long[]> byClass, String className, long bytes) {
        long[] counts = byClass.computeIfAbsent(normalise(className), name -> new long[2]);
        counts[0]++;
        counts[1] += bytes;
    }

    /** The shortest strong paths from GC roots to the instances of {@code className} and of its subclasses. */
    public Retention pathsTo(String className) throws HeapDumpException {
        HeapObject.HeapClass type = graph.findClassByName(className);
        Set<Long> ids = new LinkedHashSet<>();
        if (type != null) {
            for (HeapObject.HeapInstance instance : each(type.getInstances())) {
                ids.add(instance.getObjectId());
            }
        }
        return analyse("instances of " + className, ids, Map.of(), true, List.of());
    }

    /**
     * The shortest strong paths from GC roots to the instances whose class name (hidden class
     * names normalised, {@code Cache$$Lambda}) matches {@code className}.
     *
     * @param what the instances, as the report names them: {@code "instances of leaklab.*Session"}
     */
    public Retention pathsTo(String what, Predicate<String> className) throws HeapDumpException {
        Set<Long> ids = new LinkedHashSet<>();
        for (HeapObject.HeapClass type : each(graph.getClasses())) {
            if (className.test(normalise(type.getName()))) {
                for (HeapObject.HeapInstance instance : each(type.getDirectInstances())) {
                    ids.add(instance.getObjectId());
                }
            }
        }
        return analyse(what, ids, Map.of(), true, List.of());
    }

    /**
     * The shortest strong paths from GC roots to the objects, still in the dump, of the
     * {@link WatchedReference}s with this key; each trace names its object by its description.
     */
    public Retention pathsToWatched(long key) throws HeapDumpException {
        Map<Long, String> descriptions = new LinkedHashMap<>();
        HeapObject.HeapClass referenceClass = graph.findClassByName(WatchedReference.class.getName());
        if (referenceClass != null) {
            for (HeapObject.HeapInstance reference : each(referenceClass.getInstances())) {
                HeapField owner = reference.get(WatchedReference.class.getName(), "key");
                if (owner == null
                        || owner.getValue().getAsLong() == null
                        || owner.getValue().getAsLong() != key) {
                    continue;
                }
                HeapField referent = reference.get("java.lang.ref.Reference", "referent");
                Long id = referent == null ? null : referent.getValue().getAsNonNullObjectId();
                if (id != null && graph.objectExists(id)) {
                    HeapField description = reference.get(WatchedReference.class.getName(), "description");
                    String text =
                            description == null ? null : description.getValue().readAsJavaString();
                    descriptions.put(id, text == null ? "(no description)" : text);
                }
            }
        }
        return analyse("watched objects", descriptions.keySet(), descriptions, true, List.of());
    }

    /**
     * What holds these open file descriptors: the shortest strong paths from GC roots to the
     * {@code java.io.FileDescriptor} objects with these numbers (as {@code ls -l /proc/<pid>/fd}
     * lists them), each trace labelled with its number. A stream, channel or socket that is
     * closed has given its number up; one that is open and unreachable has no path (the JDK's
     * Cleaner, which holds it to close it, is not followed). Sizes are not computed (0): what
     * matters is who holds each one.
     */
    public Retention pathsToFileDescriptors(Set<Integer> fds) throws HeapDumpException {
        Map<Long, String> descriptions = new LinkedHashMap<>();
        HeapObject.HeapClass type = graph.findClassByName("java.io.FileDescriptor");
        if (type != null && !fds.isEmpty()) {
            for (HeapObject.HeapInstance descriptor : each(type.getInstances())) {
                HeapField fd = descriptor.get("java.io.FileDescriptor", "fd");
                Integer number = fd == null ? null : fd.getValue().getAsInt();
                if (number != null && fds.contains(number)) {
                    descriptions.put(descriptor.getObjectId(), "file descriptor " + number);
                }
            }
        }
        return analyse("open file descriptors", descriptions.keySet(), descriptions, false, CLEANER);
    }

    private Retention analyse(
            String what,
            Set<Long> ids,
            Map<Long, String> descriptions,
            boolean sizes,
            List<ReferenceMatcher> alsoIgnored)
            throws HeapDumpException {
        if (ids.isEmpty()) {
            return new Retention(what, 0, 0, 0, List.of());
        }
        List<ReferenceMatcher> ignored = new ArrayList<>(List.of(NOT_STRONG));
        ignored.addAll(alsoIgnored);
        if (graph instanceof ThreadsLeftOut) {
            ignored.addAll(ThreadsLeftOut.RECORDS_OF_RUNNING_THREADS);
        }
        if (dumpingThread != null) {
            ignored.add(new IgnoredReferenceMatcher(new ReferencePattern.JavaLocalPattern(dumpingThread)));
        }
        List<ObjectInspector> inspectors = new ArrayList<>(ObjectInspectors.Companion.getJdkDefaults());
        if (!descriptions.isEmpty()) {
            inspectors.add(reporter -> {
                String description = descriptions.get(reporter.getHeapObject().getObjectId());
                if (description != null) {
                    reporter.getLabels().add("Watched as: " + description);
                }
            });
        }
        io.github.leaklab.leakcheck.shaded.shark.HeapAnalysis result;
        try {
            result = new HeapAnalyzer(OnAnalysisProgressListener.Companion.getNO_OP())
                    .analyze(
                            file.toFile(),
                            graph,
                            g -> ids,
                            ignored,
                            sizes,
                            inspectors,
                            MetadataExtractor.Companion.getNO_OP());
        } catch (RuntimeException e) {
            throw new HeapDumpException(Reason.UNREADABLE, "Cannot analyse " + file + ": " + e, e);
        }
        if (result instanceof HeapAnalysisFailure failure) {
            throw new HeapDumpException(
                    Reason.UNREADABLE,
                    "Cannot analyse " + file + ": " + failure.getException().getCause(),
                    failure.getException());
        }
        HeapAnalysisSuccess success = (HeapAnalysisSuccess) result;
        List<LeakTrace> traces = new ArrayList<>();
        for (ApplicationLeak leak : success.getApplicationLeaks()) {
            traces.addAll(leak.getLeakTraces());
        }
        for (LibraryLeak leak : success.getLibraryLeaks()) {
            traces.addAll(leak.getLeakTraces());
        }
        traces.sort(Comparator.comparingInt(t -> t.getReferencePath().size()));

        Map<String, List<LeakTrace>> byShape = new LinkedHashMap<>();
        long bytes = 0;
        for (LeakTrace trace : traces) {
            byShape.computeIfAbsent(String.join(" -> ", hops(trace, true)), shape -> new ArrayList<>())
                    .add(trace);
            bytes += retainedBytes(trace);
        }
        List<PathGroup> groups = new ArrayList<>();
        byShape.forEach((shape, same) -> groups.add(new PathGroup(
                shape,
                hops(same.get(0), false),
                same.size(),
                same.stream().mapToLong(HeapDump::retainedBytes).sum(),
                render(same.get(0)))));
        groups.sort(Comparator.comparingInt(PathGroup::count)
                .reversed()
                .thenComparing(
                        Comparator.comparingLong(PathGroup::retainedBytes).reversed()));
        return new Retention(what, ids.size(), traces.size(), bytes, groups);
    }

    private static long retainedBytes(LeakTrace trace) {
        Integer retained = trace.getRetainedHeapByteSize();
        return retained == null ? 0 : retained;
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

    /** Shark's trace, with lambda names normalised and each size rewritten in binary units. */
    private static String render(LeakTrace trace) {
        List<LeakTraceObject> objects = new ArrayList<>();
        for (LeakTraceReference reference : trace.getReferencePath()) {
            objects.add(reference.getOriginObject());
        }
        objects.add(trace.getLeakingObject());
        List<Integer> sizes = new ArrayList<>();
        for (LeakTraceObject object : objects) {
            if (object.getRetainedHeapByteSize() != null) {
                sizes.add(object.getRetainedHeapByteSize());
            }
        }
        Matcher size = SHARK_SIZE.matcher(trace.toString());
        StringBuilder text = new StringBuilder();
        int next = 0;
        while (size.find()) {
            String replacement = next < sizes.size()
                    ? "Retaining " + Sizes.format(sizes.get(next++)) + " in " + size.group(1) + " objects"
                    : size.group();
            size.appendReplacement(text, Matcher.quoteReplacement(replacement));
        }
        size.appendTail(text);
        return normalise(text.toString());
    }

    /**
     * Stable text: class names without their per-run suffix (see {@link #HIDDEN_SUFFIX}), no
     * zero-width spaces. A trace underlines the suspect part of a reference with {@code ~~~} on the
     * next line; where a name before or inside it got shorter, the underline moves and shrinks with it.
     */
    static String normalise(String text) {
        String[] lines = text.replace("\u200B", " ").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i + 1 < lines.length && lines[i + 1].matches("[│ ]*~+\\s*")) {
                lines[i + 1] = moveUnderline(lines[i], lines[i + 1]);
            }
            lines[i] = HIDDEN_SUFFIX.matcher(lines[i]).replaceAll("");
        }
        return String.join("\n", lines);
    }

    private static String moveUnderline(String line, String underline) {
        int start = underline.indexOf('~');
        int end = underline.lastIndexOf('~') + 1;
        int newStart = start;
        int newEnd = end;
        Matcher suffix = HIDDEN_SUFFIX.matcher(line);
        while (suffix.find()) {
            int removed = suffix.end() - suffix.start();
            // Characters removed before a column shift it left; removed inside the underline shorten it.
            newStart -= Math.max(0, Math.min(removed, start - suffix.start()));
            newEnd -= Math.max(0, Math.min(removed, end - suffix.start()));
        }
        if (newEnd <= newStart) {
            newEnd = newStart + 1;
        }
        return underline.substring(0, newStart) + "~".repeat(newEnd - newStart);
    }

    private static CloseableHeapGraph openGraph(Path file) throws HeapDumpException {
        try {
            return HprofHeapGraph.Companion.openHeapGraph(
                    file.toFile(), null, HprofIndex.Companion.defaultIndexedGcRootTags());
        } catch (RuntimeException e) {
            throw new HeapDumpException(Reason.UNREADABLE, "Cannot read " + file + " as a heap dump: " + e, e);
        }
    }

    private static <T> Iterable<T> each(Sequence<T> sequence) {
        return sequence::iterator;
    }

    /** Closes the file; deletes it if this dump made it and was not asked to keep it. */
    @Override
    public void close() {
        try {
            graph.close();
        } catch (IOException ignored) {
            // Read-only: nothing was lost.
        }
        if (deleteOnClose) {
            try {
                Files.deleteIfExists(file);
                if (temporaryFolder != null) {
                    Files.deleteIfExists(temporaryFolder);
                }
            } catch (IOException ignored) {
                // A temporary file left behind: the operating system's temp cleaning takes it.
            }
        }
    }
}
