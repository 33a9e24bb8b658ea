package leaklab.diagnose;

import io.github.leaklab.leakcheck.heap.PathGroup;
import io.github.leaklab.leakcheck.heap.Retention;
import io.github.leaklab.leakcheck.heap.Sizes;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The diagnosis in words, the flowchart's steps in order, then the verdict. */
final class Report {

    private static final int ROWS = 8;

    private final StringBuilder out = new StringBuilder();

    static String of(Diagnosis d) {
        return new Report().write(d).out.toString();
    }

    private Report write(Diagnosis d) {
        Observations o = d.observations();
        line("Diagnosis of the JVM %d (%s, %s), sampled for %d s.", o.pid(), o.mainClass(), o.vmVersion(), o.seconds());
        line("");
        line("1. Classify");
        long min = o.heapUsed().stream().mapToLong(Long::longValue).min().orElse(0);
        long max = o.heapUsed().stream().mapToLong(Long::longValue).max().orElse(0);
        line(
                "   heap in use       %s to %s, once a second, over %d collections",
                Sizes.format(min), Sizes.format(max), o.collections());
        line(
                "   live heap         %s, then %s (after a full GC)",
                Sizes.format(o.heap().first()), Sizes.format(o.heap().last()));
        line(
                "   live threads      %d, then %d (Java threads in the first and the last thread dump)",
                o.firstThreads().threads().size(), o.lastThreads().threads().size());
        line(
                "   open files        %d, then %d (the limit is %s)",
                o.firstFds().size(), o.lastFds().size(), o.fdLimit() < 0 ? "unknown" : Long.toString(o.fdLimit()));
        line(
                "   direct buffers    %d, then %d",
                o.directBuffers().first(), o.directBuffers().last());
        line(
                "   loaded classes    %d, then %d",
                o.classes().first(), o.classes().last());
        line("");
        line(
                "2. Is it a leak at all? (each figure's floor at %d points of the window)",
                o.heap().floors().length);
        for (Trend trend : List.of(o.heap(), o.threads(), o.fds(), o.directBuffers(), o.classes())) {
            line("   %s", trend.reading());
        }
        line("");
        line("3. What grows (live instances at every class histogram; application classes first)");
        if (d.growth().isEmpty()) {
            line("   no class grew at every histogram");
        } else {
            line("   %10s %12s %10s  %s", "instances", "bytes", "in all", "class");
            for (Diagnosis.ClassGrowth g : d.growth().stream().limit(ROWS).toList()) {
                line(
                        "   %+10d %12s %10d  %s",
                        g.instances(), "+" + Sizes.format(g.bytes()), g.lastInstances(), g.className());
            }
            if (d.growth().size() > ROWS) {
                line("   ... and %d more classes", d.growth().size() - ROWS);
            }
        }
        line("");
        line("4. Who holds it?");
        HeapEvidence heap = d.heap();
        if (!heap.dumped()) {
            line("   %s", heap.note().isEmpty() ? "no heap dump: nothing piles up on the heap" : heap.note());
        } else {
            line(
                    "   one heap dump, %s, analysed in %.1f s",
                    Sizes.format(heap.dumpBytes()), heap.analysisMillis() / 1000.0);
            for (HeapEvidence.Suspect s : heap.suspects()) {
                if (s.withoutThreads() != null) {
                    line(
                            "   With the leaked threads (%s) left out, as if they had ended:",
                            String.join(", ", s.threadsLeftOut()));
                    retention(s.withoutThreads(), "     ");
                } else {
                    retention(s.retention(), "   ");
                }
            }
            HeapEvidence.Suspect top =
                    heap.suspects().isEmpty() ? null : heap.suspects().get(0);
            if (top != null && !top.shown().groups().isEmpty()) {
                line(
                        "   The path from a GC root that holds the most of them%s:",
                        top.shown() == top.withoutThreads() ? " (the leaked threads left out)" : "");
                for (String traceLine : top.shown().groups().get(0).trace().split("\n")) {
                    line("   %s", traceLine);
                }
            }
            if (!heap.note().isEmpty()) {
                line("   %s", heap.note());
            }
        }
        line("");
        line("5. Threads (thread dumps at the start and the end; starts recorded during the window)");
        if (d.threads().isEmpty()) {
            line("   no thread name pattern grew");
        }
        for (Diagnosis.ThreadGrowth t : d.threads().stream().limit(ROWS).toList()) {
            line("   %+6d  %s (%d, then %d)", t.added(), t.pattern(), t.first(), t.last());
            for (ThreadDump.Group g : t.groups().stream().limit(3).toList()) {
                line(
                        "           %d %s in %s%s",
                        g.count(),
                        g.state(),
                        g.waitsIn(),
                        g.applicationFrame() == null || g.applicationFrame().equals(g.waitsIn())
                                ? ""
                                : ", under " + g.applicationFrame());
            }
            t.startedAt().entrySet().stream()
                    .sorted(Map.Entry.<List<String>, Integer>comparingByValue().reversed())
                    .limit(2)
                    .forEach(e -> line("           %d started by %s", e.getValue(), String.join(" ← ", e.getKey())));
        }
        line("");
        line("6. File descriptors (the limit is %s)", o.fdLimit() < 0 ? "unknown" : Long.toString(o.fdLimit()));
        for (Diagnosis.FdGrowth f : d.fds()) {
            if (f.first() == 0 && f.last() == 0) {
                continue;
            }
            String most = f.groups().isEmpty()
                    ? ""
                    : ", the most: " + f.groups().get(0).count() + " x "
                            + f.groups().get(0).target();
            line("   %+6d  %s (%d, then %d%s)", f.added(), f.kind(), f.first(), f.last(), most);
        }
        line("");
        Finding verdict = d.verdict();
        line("Verdict: %s%s", verdict.kind().title(), verdict.suspect().isEmpty() ? "" : ": " + verdict.suspect());
        line("   %s", verdict.summary());
        if (!verdict.path().isEmpty()) {
            line("   Path: %s", String.join(" → ", verdict.path()));
        }
        for (Finding other : d.findings().subList(1, d.findings().size())) {
            line(
                    "   Also a %s (%s): %s",
                    other.kind().title().toLowerCase(Locale.ROOT), other.suspect(), other.summary());
        }
        line("   Next: %s.", verdict.kind().nextStep());
        return this;
    }

    private void retention(Retention r, String indent) {
        if (r.found() == 0) {
            line("%sno %s in the dump", indent, r.what());
            return;
        }
        line(
                "%s%d of %d %s strongly reachable, retaining %s%s",
                indent,
                r.retained(),
                r.found(),
                r.what(),
                Sizes.format(r.retainedBytes()),
                r.groups().isEmpty() ? "" : ", along:");
        for (PathGroup g : r.groups().stream().limit(4).toList()) {
            line("%s  %d x %s (%s)", indent, g.count(), g.shape(), Sizes.format(g.retainedBytes()));
        }
    }

    private void line(String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
