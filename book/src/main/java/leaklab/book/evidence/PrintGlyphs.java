package leaklab.book.evidence;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PDF's code font (asciidoctor-pdf's M+ 1mn subset) draws the box-drawing lines of Shark's
 * traces but lacks two of their glyphs, which would print as empty boxes. The PDF gets a copy of
 * such output with these two replaced by glyphs of the same width, so that the {@code ~~~}
 * underlines stay under the field they mark; the HTML shows the output as printed.
 */
final class PrintGlyphs {

    private static final Map<String, String> MISSING_IN_PDF_CODE_FONT = new LinkedHashMap<>();

    static {
        MISSING_IN_PDF_CODE_FONT.put("\u2570", "\u2514"); // rounded corner -> square corner
        MISSING_IN_PDF_CODE_FONT.put("\u2193", "v"); // downwards arrow
    }

    /**
     * What the PDF's code font can draw: the character ranges of mplus1mn-regular-subset.ttf in
     * asciidoctorj-pdf 2.3.x ({@code fc-query --format='%{charset}'}). Checked against every
     * output the PDF shows, so that a new glyph in a tool's output fails the build instead of
     * printing as an empty box.
     */
    private static final int[][] PDF_CODE_FONT = {
        {0x20, 0x7e},
        {0xa0, 0x17f},
        {0x391, 0x3a1},
        {0x3a3, 0x3c9},
        {0x400, 0x45f},
        {0x462, 0x463},
        {0x472, 0x475},
        {0x480, 0x481},
        {0x490, 0x491},
        {0x4ae, 0x4af},
        {0x4e8, 0x4e9},
        {0x2014, 0x2014},
        {0x2026, 0x2026},
        {0x20ac, 0x20ac},
        {0x2122, 0x2122},
        {0x2190, 0x2190},
        {0x2192, 0x2192},
        {0x21d0, 0x21d0},
        {0x21d2, 0x21d2},
        {0x2460, 0x2473},
        {0x24eb, 0x24f4},
        {0x2500, 0x254b},
        {0x2550, 0x256c},
        {0x2713, 0x2714},
        {0x2776, 0x277f},
    };

    private PrintGlyphs() {}

    /**
     * Fails, naming the character and the line, if the PDF's code font cannot draw a character of
     * {@code text} (line ends aside).
     */
    static void requirePrintable(String name, String text) {
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            int line = i;
            lines[i].codePoints().filter(c -> !drawable(c)).findFirst().ifPresent(c -> {
                throw new EvidenceException(name + " line " + (line + 1) + " has the character U+"
                        + String.format(java.util.Locale.ROOT, "%04X", c) + " (" + new String(Character.toChars(c))
                        + "), which the PDF's code font cannot draw; add it to PrintGlyphs: " + lines[line]);
            });
        }
    }

    private static boolean drawable(int c) {
        for (int[] range : PDF_CODE_FONT) {
            if (c >= range[0] && c <= range[1]) {
                return true;
            }
        }
        return false;
    }

    /**
     * The text with every line longer than {@code width} broken before that width, as the PDF
     * would break it anyway, only earlier and never inside a token: at the last space, or else
     * after the last {@code ( , / : ;} or before the last {@code .}, so that
     * {@code LockSupport.java:252)} stays whole. A continuation line is indented four spaces more
     * than its line, so it reads as one. Only a token longer than the width itself is cut.
     */
    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\\R", -1)) {
            String indent =
                    line.substring(0, line.length() - line.stripLeading().length());
            String continuation = indent + "    ";
            String rest = line;
            boolean first = true;
            while (rest.length() > width) {
                int start = first ? indent.length() : continuation.length();
                int cut = breakAt(rest, width, start);
                out.append(rest, 0, cut).append('\n');
                rest = continuation + rest.substring(cut).stripLeading();
                first = false;
            }
            out.append(rest).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    /**
     * Where to break {@code line}, at most {@code width} characters in and after {@code start}: at
     * the best kind of break in the second half of the room (a space, then an opening parenthesis or
     * a comma, then a slash or a colon, then before a dot), or else at the last break of any kind.
     */
    private static int breakAt(String line, int width, int start) {
        String[] kinds = {" ", "(,;", "/:", "."};
        int half = start + (width - start) / 2;
        int anywhere = -1;
        for (String kind : kinds) {
            for (int i = width - 1; i > start; i--) {
                if (kind.indexOf(line.charAt(i)) >= 0) {
                    int cut = line.charAt(i) == ' ' || line.charAt(i) == '.' ? i : i + 1;
                    if (i >= half) {
                        return cut;
                    }
                    anywhere = Math.max(anywhere, cut);
                    break;
                }
            }
        }
        return anywhere > start ? anywhere : width;
    }

    /** A live demo's gauge table: its header, and a line a second. */
    private static final java.util.regex.Pattern GAUGE_TABLE =
            java.util.regex.Pattern.compile("^\\s*(time\\s+ops\\b|\\d+s\\s).*");

    /**
     * The width a demo's console is cut to for the PDF: its gauge table's, so that the table stays
     * whole and only sentences wrap; {@code fallback} without a table.
     */
    static int gaugeWidth(String console, int fallback) {
        return console.lines()
                .filter(line -> GAUGE_TABLE.matcher(line).matches())
                .mapToInt(String::length)
                .max()
                .orElse(fallback);
    }

    static String forPdf(String text) {
        String out = text.replace("\t", "    "); // a tab is as wide as the PDF's renderer likes: four spaces are four
        for (Map.Entry<String, String> glyph : MISSING_IN_PDF_CODE_FONT.entrySet()) {
            out = out.replace(glyph.getKey(), glyph.getValue());
        }
        return out;
    }
}
