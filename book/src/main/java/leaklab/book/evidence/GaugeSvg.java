package leaklab.book.evidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import leaklab.catalog.Evidence;
import leaklab.catalog.Look;
import leaklab.catalog.Scenario;
import leaklab.catalog.Side;

/**
 * A scenario's chart: both demos' gauges against operations done, one panel per column the
 * descriptor charts, the looks as dotted guides. Where the looks took a class histogram, the live
 * heap it found (after its full GC) is drawn on the heap panel as points; where they took native
 * memory, the categories the chapter reads get a panel of points of their own.
 */
final class GaugeSvg {

    private GaugeSvg() {}

    static String of(Scenario scenario, DemoRun.Result leaking, DemoRun.Result fixed) {
        Evidence evidence = scenario.evidence();
        List<GaugeChart.Panel> panels = new ArrayList<>();
        boolean histograms = evidence.looks().stream().anyMatch(look -> look.takes("GC.class_histogram"));
        boolean nativeMemory = evidence.firstLook().takes(ScenarioEvidence.NATIVE_MEMORY);
        String pointsLegend = null;
        boolean pointsShown = false;
        for (String column : evidence.chart()) {
            boolean bytes = column.endsWith("Bytes");
            boolean heap = column.startsWith("heap");
            boolean points = heap && histograms && !pointsShown;
            pointsShown |= points;
            panels.add(new GaugeChart.Panel(title(column), column, bytes ? GaugeChart.MIB : 1, points));
        }
        String category = null;
        if (pointsShown) {
            pointsLegend = "live heap after the class histogram's full GC";
        } else if (nativeMemory) {
            category =
                    ScenarioEvidence.nativeMemoryCategories(evidence).iterator().next();
            panels.add(new GaugeChart.Panel(category + ", committed (MiB)", null, GaugeChart.MIB, true));
            pointsLegend = "native memory of the " + category + " category, committed (jcmd VM.native_memory summary)";
        }
        String lookLabel = String.join(", ", evidence.firstLook().jcmd());
        GaugeChart.Layout layout = new GaugeChart.Layout(
                GaugeCsv.OPERATIONS,
                scenario.operations() + " (operations done)",
                panels,
                evidence.looks().stream().map(Look::afterOperations).toList(),
                lookLabel,
                pointsLegend == null ? "" : pointsLegend);
        List<GaugeChart.Run> runs = List.of(
                new GaugeChart.Run(
                        Side.LEAKING + " (scenarios/" + scenario.name() + ")",
                        leaking.gauge(),
                        points(evidence, leaking, pointsShown, category),
                        GaugeChart.LEAKING,
                        false),
                new GaugeChart.Run(
                        Side.FIXED + " (fixes/" + scenario.name() + ")",
                        fixed.gauge(),
                        points(evidence, fixed, pointsShown, category),
                        GaugeChart.FIXED,
                        true));
        return GaugeChart.svg(runs, layout, 760, 160 * panels.size() + 140);
    }

    /** At each look: the histogram's live total, or a native memory category's committed bytes. */
    private static Map<Long, Long> points(Evidence evidence, DemoRun.Result demo, boolean liveHeap, String category) {
        Map<Long, Long> points = new LinkedHashMap<>();
        for (Look look : evidence.looks()) {
            if (liveHeap && look.takes("GC.class_histogram")) {
                points.put(
                        look.afterOperations(),
                        ClassHistogram.parse(demo.at(look.number(), "GC.class_histogram"))
                                .totalBytes());
            } else if (category != null && look.takes(ScenarioEvidence.NATIVE_MEMORY)) {
                points.put(
                        look.afterOperations(),
                        NativeMemorySummary.parse(demo.at(look.number(), ScenarioEvidence.NATIVE_MEMORY))
                                        .category(category)
                                        .committedKb()
                                * 1024);
            }
        }
        return points;
    }

    /** {@code heapAfterGcBytes} reads "heap after GC (MiB)", {@code queuedTasks} "queued tasks". */
    static String title(String column) {
        String words = Slugs.of(column).replace('-', ' ');
        if (words.endsWith(" bytes")) {
            words = words.substring(0, words.length() - " bytes".length()) + " (MiB)";
        }
        return words.replace(" gc", " GC").replace("rss", "resident memory").replace("fds", "open files");
    }
}
