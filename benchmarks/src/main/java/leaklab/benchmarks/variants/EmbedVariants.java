package leaklab.benchmarks.variants;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import leaklab.catalog.DescriptorException;
import leaklab.catalog.Scenario;
import leaklab.catalog.ScenarioCatalog;
import leaklab.catalog.Side;

/**
 * Copies both sides of every catalogued scenario, as compiled, under
 * {@code <out>/<scenario>/<leaking|fixed>/}, where {@link VariantClassLoader} finds them. Run by the
 * build ({@code embed-variants} in benchmarks/pom.xml); a new scenario needs nothing here.
 *
 * <p>Usage: {@code EmbedVariants <project root> <out>}. A side that has not been compiled fails the
 * build with the command that builds it.
 */
public final class EmbedVariants {

    private EmbedVariants() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            fail("usage: EmbedVariants <project root> <out>");
        }
        ScenarioCatalog catalog;
        try {
            catalog = ScenarioCatalog.in(Path.of(args[0]));
        } catch (DescriptorException e) {
            fail(e.getMessage());
            return;
        }
        Path out = Path.of(args[1]);
        deleteTree(out);
        for (Scenario scenario : catalog.all()) {
            for (Side side : Side.values()) {
                Path classes = scenario.module(side).resolve("target/classes");
                if (!Files.isDirectory(classes)) {
                    fail("The benchmarks embed the compiled " + side + " side of " + scenario.name() + ", but "
                            + catalog.root().relativize(classes) + " does not exist. Build them together:"
                            + " ./mvnw package -pl benchmarks");
                }
                copyTree(classes, out.resolve(scenario.name()).resolve(side.word()));
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Run by exec:java, inside Maven's JVM: fail by exception, never System.exit. */
    private static void fail(String message) {
        throw new IllegalStateException(message);
    }
}
