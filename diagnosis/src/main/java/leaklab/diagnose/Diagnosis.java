package leaklab.diagnose;

import io.github.leaklab.leakcheck.heap.PathGroup;
import io.github.leaklab.leakcheck.heap.Retention;
import io.github.leaklab.leakcheck.heap.Sizes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The flowchart's walk over what sampling measured: is it a leak at all (each figure's floor),
 * what grows (the class histograms, first to last), which threads and which file descriptors pile
 * up, who holds the growing objects (the heap dump), and the verdict: one finding first, the
 * others after it.
 *
 * <p>Which leak comes first, when several figures rise: file descriptors and direct memory run out
 * before the heap that holds their small Java objects, so they come first. A heap leak and a thread
 * leak together are told apart by the heap dump: if the growing objects stay reachable with the
 * leaked threads left out, something else holds them too and the heap leak comes first (stopping
 * the threads would not free them); if not, the threads hold them and the thread leak comes first.
 */
record Diagnosis(
        Observations observations,
        List<ClassGrowth> growth,
        List<ThreadGrowth> threads,
        List<FdGrowth> fds,
        HeapEvidence heap,
        List<Finding> findings) {

    /** How many suspect classes the heap dump traces at most. */
    static final int SUSPECTS = 2;

    /** A class whose live instances grew at every histogram of the window. */
    record ClassGrowth(String className, long instances, long bytes, long lastInstances, boolean application) {}

    /** A thread name pattern whose count grew from the first thread dump to the last. */
    record ThreadGrowth(
            String pattern,
            String prefix,
            int first,
            int last,
            List<ThreadDump.Group> groups,
            Map<List<String>, Integer> startedAt) {
        int added() {
            return last - first;
        }
    }

    /** A kind of file descriptor, with its count at the first and the last look. */
    record FdGrowth(String kind, int first, int last, List<FileDescriptors.Group> groups) {
        int added() {
            return last - first;
        }
    }

    Finding verdict() {
        return findings.get(0);
    }

    /** What grows, before the heap dump: the suspects it must trace and the leaked threads to leave out. */
    record Plan(
            List<ClassGrowth> growth,
            List<ThreadGrowth> threads,
            List<FdGrowth> fds,
            boolean heapLeak,
            boolean threadLeak,
            boolean fdLeak,
            boolean directLeak) {

        boolean needsHeapDump() {
            return heapLeak || directLeak;
        }

        /**
         * The classes the heap dump traces: the growing classes with the most new bytes, the
         * application's first, at most {@value #SUSPECTS}, each growing at least half as fast as the
         * first. A nested class or lambda ({@code Session$CloseWhenIdle}, {@code Session$$Lambda})
         * that grows with its enclosing class is part of it: the enclosing class stands for both.
         */
        List<String> suspects() {
            if (directLeak && !heapLeak) {
                return List.of("java.nio.DirectByteBuffer");
            }
            List<ClassGrowth> instances =
                    growth.stream().filter(g -> !g.className().endsWith("[]")).toList();
            List<ClassGrowth> application =
                    instances.stream().filter(ClassGrowth::application).toList();
            List<ClassGrowth> pool = application.isEmpty() ? instances : application;
            List<String> growing = pool.stream().map(ClassGrowth::className).toList();
            List<String> suspects = new ArrayList<>();
            long top = -1;
            for (ClassGrowth g : pool) {
                String outer = g.className().replaceFirst("\\$.*$", "");
                String name = growing.contains(outer) ? outer : g.className();
                long added = pool.stream()
                        .filter(p -> p.className().equals(name))
                        .findFirst()
                        .orElse(g)
                        .instances();
                if (top < 0) {
                    top = added;
                }
                if (!suspects.contains(name) && added * 2 >= top && suspects.size() < SUSPECTS) {
                    suspects.add(name);
                }
            }
            return suspects;
        }

        List<String> leakedThreadPatterns() {
            return threadLeak
                    ? threads.stream()
                            .filter(t -> t.added() > 0)
                            .map(ThreadGrowth::pattern)
                            .toList()
                    : List.of();
        }
    }

    static Plan plan(Observations o) {
        List<ClassGrowth> growth = classGrowth(o.histograms());
        List<ThreadGrowth> threads = threadGrowth(o);
        List<FdGrowth> fds = fdGrowth(o);
        boolean heapLeak = o.heap().rising() && !growth.isEmpty();
        boolean threadLeak =
                o.threads().rising() && !threads.isEmpty() && threads.get(0).added() > 0;
        boolean fdLeak = o.fds().rising() && !fds.isEmpty() && fds.get(0).added() > 0;
        boolean directLeak = o.directBuffers().rising();
        return new Plan(growth, threads, fds, heapLeak, threadLeak, fdLeak, directLeak);
    }

    static Diagnosis of(Observations o, Plan plan, HeapEvidence heap) {
        List<Finding> findings = new ArrayList<>();
        HeapEvidence.Suspect suspect =
                heap.suspects().isEmpty() ? null : heap.suspects().get(0);
        Finding threadFinding = plan.threadLeak() ? threadLeak(plan.threads().get(0), plan, suspect) : null;
        if (plan.fdLeak()) {
            findings.add(fdLeak(o, plan.fds().get(0)));
        }
        if (plan.directLeak()) {
            findings.add(heapFinding(Finding.Kind.DIRECT_MEMORY_LEAK, o, plan, suspect, "java.nio.DirectByteBuffer"));
        }
        if (plan.heapLeak()) {
            boolean heldByTheThreadsAlone = plan.threadLeak() && suspect != null && !suspect.heldWithoutThreads();
            boolean noDumpToTell = plan.threadLeak() && suspect == null;
            if (heldByTheThreadsAlone || noDumpToTell) {
                findings.add(threadFinding);
                threadFinding = null;
            }
            String top = suspect != null
                    ? suspect.className()
                    : plan.suspects().isEmpty() ? "" : plan.suspects().get(0);
            if (!heldByTheThreadsAlone) {
                findings.add(heapFinding(Finding.Kind.HEAP_LEAK, o, plan, suspect, top));
            }
        }
        if (threadFinding != null) {
            findings.add(threadFinding);
        }
        if (findings.isEmpty()) {
            findings.add(Finding.noLeak(noLeakSummary(o)));
        }
        return new Diagnosis(o, plan.growth(), plan.threads(), plan.fds(), heap, List.copyOf(findings));
    }

    private static Finding heapFinding(
            Finding.Kind kind, Observations o, Plan plan, HeapEvidence.Suspect suspect, String className) {
        ClassGrowth grew = plan.growth().stream()
                .filter(g -> g.className().equals(className))
                .findFirst()
                .orElse(null);
        StringBuilder summary = new StringBuilder();
        summary.append(className);
        if (grew != null) {
            summary.append(String.format(
                    Locale.ROOT,
                    " piles up: +%d live instances in %d s (%s), %d in all; ",
                    grew.instances(),
                    o.seconds(),
                    perSecond(grew.instances(), o.seconds()),
                    grew.lastInstances()));
        } else {
            summary.append(" piles up; ");
        }
        if (kind == Finding.Kind.DIRECT_MEMORY_LEAK) {
            summary.append(String.format(
                    Locale.ROOT,
                    "live direct buffers: %d, then %d.",
                    o.directBuffers().first(),
                    o.directBuffers().last()));
        } else {
            summary.append("the live heap grew from ")
                    .append(Sizes.format(o.heap().first()))
                    .append(" to ")
                    .append(Sizes.format(o.heap().last()))
                    .append('.');
        }
        List<String> path = List.of();
        String trace = "";
        if (suspect != null && suspect.className().equals(className)) {
            Retention shown = suspect.shown();
            summary.append(' ')
                    .append(shown.retained())
                    .append(" of ")
                    .append(shown.found())
                    .append(" are strongly reachable, retaining ")
                    .append(Sizes.format(shown.retainedBytes()));
            if (kind == Finding.Kind.DIRECT_MEMORY_LEAK) {
                summary.append(" of heap (the memory outside the heap they own is not in a heap dump)");
            }
            if (suspect.withoutThreads() != null) {
                summary.append(", even with the ")
                        .append(String.join(", ", suspect.threadsLeftOut()))
                        .append(" threads left out (stopping them would not free these)");
            }
            PathGroup top = shown.groups().isEmpty() ? null : shown.groups().get(0);
            if (top != null) {
                summary.append("; ").append(top.count()).append(" along ").append(top.shape());
                path = top.hops();
                trace = top.trace();
            }
            summary.append('.');
        }
        return new Finding(kind, className, summary.toString(), path, trace);
    }

    private static Finding threadLeak(ThreadGrowth top, Plan plan, HeapEvidence.Suspect suspect) {
        StringBuilder summary = new StringBuilder();
        summary.append(String.format(
                Locale.ROOT,
                "%s threads pile up: %d, then %d (+%d)",
                top.pattern(),
                top.first(),
                top.last(),
                top.added()));
        if (!top.groups().isEmpty()) {
            ThreadDump.Group where = top.groups().get(0);
            summary.append("; ")
                    .append(where.count())
                    .append(" are ")
                    .append(where.state())
                    .append(" in ")
                    .append(where.waitsIn());
        }
        if (!top.startedAt().isEmpty()) {
            Map.Entry<List<String>, Integer> most = top.startedAt().entrySet().stream()
                    .max(Map.Entry.comparingByValue())
                    .orElseThrow();
            summary.append("; started by ").append(String.join(" ← ", most.getKey()));
        }
        summary.append('.');
        List<ThreadGrowth> others =
                plan.threads().stream().skip(1).filter(t -> t.added() > 0).toList();
        if (!others.isEmpty()) {
            summary.append(" Also growing: ")
                    .append(String.join(
                            ", ",
                            others.stream()
                                    .map(t -> t.pattern() + " +" + t.added())
                                    .toList()))
                    .append('.');
        }
        if (suspect != null && !suspect.heldWithoutThreads()) {
            summary.append(" The heap grows with them, and they hold it: with the leaked threads left out, ")
                    .append(suspect.withoutThreads().retained())
                    .append(" of the ")
                    .append(suspect.withoutThreads().found())
                    .append(' ')
                    .append(suspect.className())
                    .append(" in the dump are still held.");
        }
        return new Finding(Finding.Kind.THREAD_LEAK, top.prefix(), summary.toString(), List.of(), "");
    }

    private static Finding fdLeak(Observations o, FdGrowth top) {
        String where = top.groups().isEmpty()
                ? ""
                : "; the most: " + top.groups().get(0).count() + " x "
                        + top.groups().get(0).target();
        return new Finding(
                Finding.Kind.FD_LEAK,
                top.kind(),
                String.format(
                        Locale.ROOT,
                        "open %s descriptors pile up: %d, then %d (+%d), of a limit of %s%s.",
                        top.kind(),
                        top.first(),
                        top.last(),
                        top.added(),
                        o.fdLimit() < 0 ? "?" : Long.toString(o.fdLimit()),
                        where),
                List.of(),
                "");
    }

    private static String noLeakSummary(Observations o) {
        return String.format(
                Locale.ROOT,
                "over %d s and %d collections, no floor rose: the live heap %s → %s,"
                        + " live threads %d → %d, open files %d → %d, direct buffers %d → %d.",
                o.seconds(),
                o.collections(),
                Sizes.format(o.heap().first()),
                Sizes.format(o.heap().last()),
                o.threads().first(),
                o.threads().last(),
                o.fds().first(),
                o.fds().last(),
                o.directBuffers().first(),
                o.directBuffers().last());
    }

    static String perSecond(long amount, int seconds) {
        return String.format(Locale.ROOT, "%+.1f/s", (double) amount / Math.max(1, seconds));
    }

    /** The classes whose live instances grew at every histogram: application classes first, then by bytes. */
    static List<ClassGrowth> classGrowth(List<LiveHistogram> histograms) {
        LiveHistogram first = histograms.get(0);
        LiveHistogram last = histograms.get(histograms.size() - 1);
        List<ClassGrowth> growth = new ArrayList<>();
        for (String className : last.byClass().keySet()) {
            boolean everyTime = true;
            for (int i = 1; i < histograms.size(); i++) {
                if (histograms.get(i).instances(className)
                        <= histograms.get(i - 1).instances(className)) {
                    everyTime = false;
                    break;
                }
            }
            if (everyTime) {
                growth.add(new ClassGrowth(
                        className,
                        last.instances(className) - first.instances(className),
                        last.bytes(className) - first.bytes(className),
                        last.instances(className),
                        LiveHistogram.isApplication(className)));
            }
        }
        growth.sort(Comparator.comparing((ClassGrowth g) -> !g.application())
                .thenComparing(Comparator.comparingLong(ClassGrowth::bytes).reversed()));
        return growth;
    }

    private static List<ThreadGrowth> threadGrowth(Observations o) {
        Map<String, Integer> first = o.firstThreads().countsByPattern();
        Map<String, Integer> last = o.lastThreads().countsByPattern();
        Map<String, ThreadDump.Thread> example = new LinkedHashMap<>();
        o.lastThreads().threads().forEach(t -> example.putIfAbsent(ThreadDump.pattern(t.name()), t));
        List<ThreadGrowth> growth = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : last.entrySet()) {
            String pattern = entry.getKey();
            int before = first.getOrDefault(pattern, 0);
            if (entry.getValue() > before) {
                List<ThreadDump.Group> groups = o.lastThreads().groups().stream()
                        .filter(g -> g.pattern().equals(pattern))
                        .toList();
                growth.add(new ThreadGrowth(
                        pattern,
                        ThreadDump.prefix(example.get(pattern).name()),
                        before,
                        entry.getValue(),
                        groups,
                        o.threadStarts().getOrDefault(pattern, Map.of())));
            }
        }
        growth.sort(Comparator.comparingInt(ThreadGrowth::added).reversed());
        return growth;
    }

    private static List<FdGrowth> fdGrowth(Observations o) {
        Map<String, Integer> first = FileDescriptors.countsByKind(o.firstFds());
        Map<String, Integer> last = FileDescriptors.countsByKind(o.lastFds());
        List<FileDescriptors.Group> groups = FileDescriptors.groups(o.lastFds());
        List<FdGrowth> growth = new ArrayList<>();
        for (String kind : FileDescriptors.KINDS) {
            growth.add(new FdGrowth(
                    kind,
                    first.get(kind),
                    last.get(kind),
                    groups.stream().filter(g -> g.kind().equals(kind)).toList()));
        }
        growth.sort(Comparator.comparingInt(FdGrowth::added).reversed());
        return growth;
    }
}
