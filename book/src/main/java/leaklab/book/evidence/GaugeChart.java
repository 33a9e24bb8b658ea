package leaklab.book.evidence;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * Draws the gauges of live demo runs, one line per run, in panels that share the time axis, one
 * panel per gauge column (live threads, queued tasks, heap used...), as the chapter chooses. Points
 * measured at a few moments only (the live heap after a class histogram's full GC, the native
 * memory of thread stacks) are drawn as hollow diamonds on a panel of their own or on a gauge's
 * panel, and the moments of the jcmd looks as dotted guides. JFreeChart draws onto JFreeSVG's
 * Graphics2D, so the result is an SVG document that a browser and asciidoctor-pdf both render.
 *
 * <p>Horizontal text stays text ({@code <text>} in a generic sans-serif), and only ASCII, so that
 * the PDF renderer can set it with its built-in fonts; JFreeChart draws the rotated panel titles as
 * outlines of the machine's sans-serif font. Needs {@code java.awt.headless=true} on a machine
 * without a display, and a font (headless AWT fails loudly without one).
 */
public final class GaugeChart {

    /** Leaking red and fixed blue, told apart also by the marker shape, for readers who see no colour. */
    public static final Color LEAKING = new Color(0xC0, 0x39, 0x2B);

    public static final Color FIXED = new Color(0x1F, 0x5F, 0xA8);
    private static final Color GUIDE = new Color(0x77, 0x77, 0x77);
    private static final Font AXIS_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    /** Bytes to MiB, as a panel's divisor. */
    public static final double MIB = 1024 * 1024;

    /**
     * One demo run.
     *
     * @param label the legend text, e.g. {@code leaking (scenarios/timer)}
     * @param gauge its gauge, one row per second
     * @param points the figures measured at a few moments, second of the run to value (e.g. the
     *         histogram totals: bytes still reachable), drawn on the panel that shows points
     * @param color its line colour
     * @param square whether its points are squares (else circles)
     */
    public record Run(String label, GaugeCsv gauge, Map<Long, Long> points, Color color, boolean square) {}

    /**
     * One panel.
     *
     * @param title its axis title, e.g. {@code live threads}
     * @param column the gauge column it draws as lines, or {@code null} for a panel of points only
     * @param divisor what each value is divided by for the axis, e.g. {@link #MIB}
     * @param showsPoints whether the runs' {@link Run#points} are drawn on it (one panel at most)
     */
    public record Panel(String title, String column, double divisor, boolean showsPoints) {

        /** A panel of a gauge column, drawn as is. */
        public static Panel of(String title, String column) {
            return new Panel(title, column, 1, false);
        }
    }

    /**
     * What the chart shows besides the gauges.
     *
     * @param panels the panels, from the top
     * @param xColumn the gauge column along the horizontal axis: {@code operations}
     * @param xLabel its axis title
     * @param lookAt where the jcmd looks ran, on the horizontal axis, drawn as dotted guides
     * @param lookLabel the guides' label, on the top panel: {@code class histogram}
     * @param pointsLegend the legend of the points, e.g. {@code live heap after the histogram's full GC}
     */
    public record Layout(
            String xColumn,
            String xLabel,
            List<Panel> panels,
            List<Long> lookAt,
            String lookLabel,
            String pointsLegend) {}

    private GaugeChart() {}

    /**
     * The chart as an SVG document.
     *
     * @param runs the runs to compare, drawn in this order
     */
    public static String svg(List<Run> runs, Layout layout, int width, int height) {
        NumberAxis time = new NumberAxis(layout.xLabel());
        styleAxis(time);
        time.setAutoRangeIncludesZero(true);
        time.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(14);

        List<XYPlot> panels = new ArrayList<>();
        for (Panel spec : layout.panels()) {
            XYPlot panel = panel(spec.title(), runs, layout.xColumn(), spec.column(), spec.divisor());
            if (spec.showsPoints()) {
                addPoints(panel, runs, spec.column() == null ? 0 : 1, spec.divisor());
            }
            panels.add(panel);
        }
        for (XYPlot panel : panels) {
            for (long x : layout.lookAt()) {
                ValueMarker marker = new ValueMarker(
                        x,
                        GUIDE,
                        new BasicStroke(
                                1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f));
                if (panel == panels.get(0)) {
                    marker.setLabel(layout.lookLabel());
                    marker.setLabelFont(TICK_FONT);
                    marker.setLabelPaint(GUIDE);
                    marker.setLabelBackgroundColor(Color.WHITE);
                    marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                    marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
                    marker.setLabelOffset(new RectangleInsets(2, 4, 2, 4));
                }
                panel.addDomainMarker(marker);
            }
            plot.add(panel, 1);
        }

        LegendItemCollection legend = new LegendItemCollection();
        for (Run run : runs) {
            legend.add(new LegendItem(
                    run.label(), null, null, null, shape(run.square()), run.color(), new BasicStroke(2f), run.color()));
        }
        if (layout.panels().stream().anyMatch(Panel::showsPoints)) {
            // A hollow diamond, as drawn on the panel: shape, white fill, dark outline, no line.
            legend.add(new LegendItem(
                    layout.pointsLegend(),
                    null,
                    null,
                    null,
                    true,
                    diamond(),
                    true,
                    Color.WHITE,
                    true,
                    Color.DARK_GRAY,
                    new BasicStroke(2f),
                    false,
                    diamond(),
                    new BasicStroke(2f),
                    Color.DARK_GRAY));
        }
        plot.setFixedLegendItems(legend);

        JFreeChart chart = new JFreeChart(null, AXIS_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        LegendTitle legendTitle = chart.getLegend();
        legendTitle.setPosition(RectangleEdge.BOTTOM);
        legendTitle.setItemFont(AXIS_FONT);
        legendTitle.setFrame(org.jfree.chart.block.BlockBorder.NONE);

        SVGGraphics2D svg = new SVGGraphics2D(width, height);
        // Stable ids, so that two renders of the same figures are the same file.
        svg.setDefsKeyPrefix("gauge");
        chart.draw(svg, new Rectangle(0, 0, width, height));
        return svg.getSVGDocument();
    }

    /** A panel with a line per run of {@code column}; without lines if {@code column} is null. */
    private static XYPlot panel(String title, List<Run> runs, String xColumn, String column, double divisor) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (Run run : column == null ? List.<Run>of() : runs) {
            XYSeries series = new XYSeries(run.label());
            long[] xs = run.gauge().column(xColumn);
            long[] values = run.gauge().column(column);
            for (int i = 0; i < xs.length; i++) {
                series.add(xs[i], values[i] / divisor);
            }
            int index = data.getSeriesCount();
            data.addSeries(series);
            renderer.setSeriesPaint(index, run.color());
            renderer.setSeriesStroke(index, new BasicStroke(2f));
            renderer.setSeriesShape(index, shape(run.square()));
        }
        NumberAxis axis = new NumberAxis(title);
        styleAxis(axis);
        axis.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(data, null, axis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setOutlinePaint(new Color(0xBB, 0xBB, 0xBB));
        return plot;
    }

    /**
     * The runs' points as unconnected hollow diamonds, in the runs' colours: hollow, so that a point
     * that falls on its run's line still shows.
     *
     * @param index the panel's dataset to draw them as: 1 over its lines, 0 on a panel of points only
     */
    private static void addPoints(XYPlot panel, List<Run> runs, int index, double divisor) {
        XYSeriesCollection points = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setUseFillPaint(true);
        renderer.setDefaultFillPaint(Color.WHITE);
        renderer.setUseOutlinePaint(false);
        renderer.setDrawOutlines(true);
        for (Run run : runs) {
            XYSeries series = new XYSeries(run.label() + ", points");
            run.points().forEach((x, value) -> series.add(x.doubleValue(), value / divisor));
            int i = points.getSeriesCount();
            points.addSeries(series);
            renderer.setSeriesPaint(i, run.color());
            renderer.setSeriesShape(i, diamond());
            renderer.setSeriesOutlineStroke(i, new BasicStroke(2f));
        }
        panel.setDataset(index, points);
        panel.setRenderer(index, renderer);
    }

    private static void styleAxis(NumberAxis axis) {
        axis.setLabelFont(AXIS_FONT);
        axis.setTickLabelFont(TICK_FONT);
        axis.setLabelPaint(Color.DARK_GRAY);
        axis.setTickLabelPaint(Color.DARK_GRAY);
    }

    private static Shape shape(boolean square) {
        return square ? new Rectangle(-3, -3, 6, 6) : new Ellipse2D.Double(-3.5, -3.5, 7, 7);
    }

    private static Shape diamond() {
        Path2D.Double d = new Path2D.Double();
        d.moveTo(0, -7);
        d.lineTo(7, 0);
        d.lineTo(0, 7);
        d.lineTo(-7, 0);
        d.closePath();
        return d;
    }
}
