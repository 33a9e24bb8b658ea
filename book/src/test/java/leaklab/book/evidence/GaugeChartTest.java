package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GaugeChartTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void is_an_svg_document_with_its_legend_in_plain_ascii_text_the_same_on_every_render() {
        GaugeCsv leaking = GaugeCsv.parse(Fixtures.read("gauge-leaking.csv"));
        GaugeCsv fixed = GaugeCsv.parse("""
                seconds,threads,heapUsedBytes,queuedTasks,openSessions,sessionsOpened
                0,7,3000000,0,0,0
                1,57,4000000,50,50,50
                2,58,5000000,50,50,100
                """);
        List<GaugeChart.Run> runs = List.of(
                new GaugeChart.Run(
                        "leaking (scenarios/timer)", leaking, Map.of(2L, 5_600_000L), GaugeChart.LEAKING, false),
                new GaugeChart.Run("fixed (fixes/timer)", fixed, Map.of(2L, 3_100_000L), GaugeChart.FIXED, true));

        GaugeChart.Layout layout = new GaugeChart.Layout(
                "seconds",
                "seconds since the demo started",
                List.of(
                        GaugeChart.Panel.of("live threads", "threads"),
                        GaugeChart.Panel.of("queued tasks", "queuedTasks"),
                        new GaugeChart.Panel("heap used (MiB)", "heapUsedBytes", GaugeChart.MIB, true)),
                List.of(2L),
                "class histogram",
                "live heap after the histogram's full GC");

        String svg = GaugeChart.svg(runs, layout, 760, 620);

        assertThat(svg).startsWith("<?xml").contains("<svg", "width='760.0'", "</svg>");
        // Horizontal text stays text; the panels' vertical titles are drawn as outlines by JFreeChart.
        assertThat(svg)
                .contains(
                        ">seconds since the demo started<",
                        ">class histogram<",
                        ">leaking (scenarios/timer)<",
                        ">fixed (fixes/timer)<",
                        ">live heap after the histogram&apos;s full GC<");
        assertThat(svg.chars()).allMatch(c -> c < 128);
        assertThat(GaugeChart.svg(runs, layout, 760, 620)).isEqualTo(svg);
    }

    @Test
    void draws_a_panel_of_points_only_measured_at_a_few_moments_with_its_legend() {
        GaugeCsv gauge = GaugeCsv.parse("""
                seconds,threads,busyWorkers
                0,6,0
                1,57,5
                2,107,10
                """);
        GaugeChart.Layout layout = new GaugeChart.Layout(
                "seconds",
                "seconds since the demo started",
                List.of(
                        GaugeChart.Panel.of("live threads", "threads"),
                        new GaugeChart.Panel("Thread, committed (MiB)", null, GaugeChart.MIB, true)),
                List.of(1L),
                "VM.native_memory",
                "native memory of the Thread category");

        String svg = GaugeChart.svg(
                List.of(new GaugeChart.Run(
                        "leaking (scenarios/thread)", gauge, Map.of(1L, 13_000_000L), GaugeChart.LEAKING, false)),
                layout,
                760,
                500);

        assertThat(svg)
                .contains(
                        ">VM.native_memory<", ">native memory of the Thread category<", ">leaking (scenarios/thread)<");
        assertThat(svg.chars()).allMatch(c -> c < 128);
    }
}
