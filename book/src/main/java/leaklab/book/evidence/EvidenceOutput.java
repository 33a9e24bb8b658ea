package leaklab.book.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where one chapter's evidence lands: the files the chapter includes, all named
 * {@code <chapter>-...}, in the book's evidence folder. Every output is checked on the way out: no
 * folder of this machine in it ({@link MachinePaths}), and, if the PDF shows it, no character its
 * code font cannot draw ({@link PrintGlyphs}).
 */
final class EvidenceOutput {

    private final Path dir;
    private final String chapter;
    private final MachinePaths machinePaths;

    /**
     * @param dir the evidence folder the book includes from
     * @param chapter the chapter's name, the prefix of each of its files: {@code timer}
     */
    EvidenceOutput(Path dir, String chapter, MachinePaths machinePaths) {
        this.dir = dir;
        this.chapter = chapter;
        this.machinePaths = machinePaths;
    }

    /**
     * Deletes the chapter's outputs of the last build: a failed run must not leave old figures for
     * the render to pick up.
     */
    void deleteOld() throws IOException {
        Files.createDirectories(dir);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, chapter + "-*")) {
            for (Path file : old) {
                Files.delete(file);
            }
        }
    }

    /** How wide the PDF's copies of outputs are cut, before they are shrunk to fit the page. */
    static final int PRINT_WIDTH = 100;

    /**
     * Writes a text output twice: {@code <name>.txt} as measured, for the HTML, and
     * {@code <name>-print.txt} for the PDF, in the glyphs its code font has ({@link PrintGlyphs}),
     * its lines cut to {@code printWidth} at a space or a punctuation mark. A chapter includes
     * {@code <name>{print-suffix}.txt}, which picks the right one for each backend.
     *
     * @param name the output's name without {@code .txt}: {@code timer-leaking-console}
     */
    void writeText(String name, String text, int printWidth) throws IOException {
        writeFile(name + ".txt", text);
        String print = PrintGlyphs.wrap(PrintGlyphs.forPdf(machinePaths.scrub(text)), printWidth);
        PrintGlyphs.requirePrintable(name + "-print.txt", print);
        writeFile(name + "-print.txt", print);
    }

    /** As {@link #writeText(String, String, int)}, cut to {@link #PRINT_WIDTH}. */
    void writeText(String name, String text) throws IOException {
        writeText(name, text, PRINT_WIDTH);
    }

    /** Writes one file as it is (an SVG, the facts), without this machine's folders in it. */
    void writeFile(String name, String text) throws IOException {
        if (!name.startsWith(chapter + "-")) {
            throw new IllegalArgumentException(name + " is not named " + chapter + "-...");
        }
        String scrubbed = machinePaths.scrub(text);
        machinePaths.requireNone(name, scrubbed);
        Files.writeString(
                dir.resolve(name), scrubbed.endsWith("\n") ? scrubbed : scrubbed + "\n", StandardCharsets.UTF_8);
    }

    /**
     * Writes the figures the chapter's text quotes as AsciiDoc attributes, to
     * {@code <chapter>-facts.adoc}; an empty value sets the attribute without one, for
     * {@code ifdef::}.
     */
    void writeFacts(Map<String, String> facts, Class<?> generator) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("// The ")
                .append(chapter)
                .append(" chapter's figures, measured while this book was built by ")
                .append(generator.getName())
                .append(". Generated: do not edit.\n");
        facts.forEach((name, value) -> {
            if (value.contains("\n")) {
                throw new IllegalStateException("attribute " + name + " spans lines: " + value);
            }
            out.append(':')
                    .append(name)
                    .append(':')
                    .append(value.isEmpty() ? "" : " " + value)
                    .append('\n');
        });
        writeFile(chapter + "-facts.adoc", out.toString());
    }
}
