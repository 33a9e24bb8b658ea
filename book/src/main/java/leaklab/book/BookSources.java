package leaklab.book;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import leaklab.catalog.DescriptorException;
import leaklab.catalog.Scenario;
import leaklab.catalog.ScenarioCatalog;
import leaklab.catalog.Side;

/**
 * Writes the book's generated sources from the catalog, before the render, so that a new scenario
 * needs no change to the book's own files but its chapter:
 * <ul>
 *   <li>{@code chapters.adoc}: an include of every scenario chapter, in the catalog's order;</li>
 *   <li>{@code scenario-attributes.adoc}: where each chapter includes tested code from, by side
 *       ({@code {timer-leaking-src}}, {@code {timer-fixed-test}}...), and each scenario's title;</li>
 *   <li>{@code <name>.diff}: the change from the leaking to the fixed side ({@link DiffGenerator}).</li>
 * </ul>
 * Usage: {@code BookSources <project root> <generated folder>}; a descriptor that cannot be read
 * fails the build with its one-line message.
 */
public final class BookSources {

    private BookSources() {}

    public static void main(String[] args) throws IOException {
        // Run by exec:java, inside Maven's JVM: fail by exception, never System.exit.
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: BookSources <project root> <generated folder>");
        }
        ScenarioCatalog catalog;
        try {
            catalog = ScenarioCatalog.in(Path.of(args[0]));
        } catch (DescriptorException e) {
            throw new IllegalStateException("The book cannot list its chapters: " + e.getMessage(), e);
        }
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        Files.writeString(out.resolve("chapters.adoc"), chapters(catalog), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("scenario-attributes.adoc"), attributes(catalog), StandardCharsets.UTF_8);
        DiffGenerator.writeAll(catalog, out);
    }

    /** The scenario chapters, each included as a level-1 section of the book. */
    static String chapters(ScenarioCatalog catalog) {
        StringBuilder out = new StringBuilder(
                "// Generated from the catalog (scenarios/*/scenario.properties): one include per scenario.\n");
        for (Scenario scenario : catalog.all()) {
            out.append("\ninclude::{docdir}/").append(scenario.name()).append(".adoc[leveloffset=+1]\n");
        }
        return out.toString();
    }

    /**
     * Per scenario and side: {@code <name>-<side>-src} and {@code <name>-<side>-test}, the folders of
     * the demo's package in main and test sources, and {@code <name>-title}.
     */
    static String attributes(ScenarioCatalog catalog) {
        StringBuilder out = new StringBuilder("// Generated from the catalog (scenarios/*/scenario.properties).\n");
        for (Scenario scenario : catalog.all()) {
            String main = scenario.demoMain();
            String packagePath = main.substring(0, main.lastIndexOf('.')).replace('.', '/');
            out.append(':')
                    .append(scenario.name())
                    .append("-title: ")
                    .append(scenario.title())
                    .append('\n');
            for (Side side : Side.values()) {
                String module = "{project-root}/" + side.folder() + "/" + scenario.name();
                out.append(':')
                        .append(scenario.name())
                        .append('-')
                        .append(side.word())
                        .append("-src: ")
                        .append(module)
                        .append("/src/main/java/")
                        .append(packagePath)
                        .append('\n');
                out.append(':')
                        .append(scenario.name())
                        .append('-')
                        .append(side.word())
                        .append("-test: ")
                        .append(module)
                        .append("/src/test/java/")
                        .append(packagePath)
                        .append('\n');
            }
        }
        return out.toString();
    }
}
