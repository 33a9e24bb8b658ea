package leaklab.benchmarks.variants;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import leaklab.catalog.DescriptorException;
import leaklab.catalog.Scenario;
import leaklab.catalog.ScenarioCatalog;
import leaklab.catalog.Side;

/**
 * Copies both sides of every catalogued scenario, as compiled, under
 * {@code <out>/<scenario>/<leaking|fixed>/}, where {@link VariantClassLoader} finds them, with the
 * libraries of its own that the side needs at run time, unpacked beside its classes: those its build
 * listed in {@code target/runtime-libraries.classpath} (see scenarios/pom.xml; empty for most
 * sides). So a side that depends on a library runs on its own copy, the version its pom names, and
 * the benchmarks depend on nothing of it. Run by the build ({@code embed-variants} in
 * benchmarks/pom.xml); a new scenario needs nothing here.
 *
 * <p>Usage: {@code EmbedVariants <project root> <out>}. A side that has not been compiled fails the
 * build with the command that builds it.
 */
public final class EmbedVariants {

    /** What a side's build lists: the jars its main code needs beyond the project's modules. */
    static final String RUNTIME_LIBRARIES = "target/runtime-libraries.classpath";

    /** Jar entries that describe the jar, not its code: its manifest, signatures and module descriptors. */
    private static final Pattern JAR_METADATA = Pattern.compile(
            "META-INF/(MANIFEST\\.MF|[^/]+\\.(SF|DSA|RSA|EC))|(META-INF/versions/\\d+/)?module-info\\.class");

    private EmbedVariants() {}

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
                Path libraries = scenario.module(side).resolve(RUNTIME_LIBRARIES);
                if (!Files.isRegularFile(libraries)) {
                    fail("The benchmarks embed the runtime libraries of the " + side + " side of " + scenario.name()
                            + ", listed by its build in " + catalog.root().relativize(libraries) + ", which does not"
                            + " exist. Build them together: ./mvnw package -pl benchmarks");
                }
                Path variant = out.resolve(scenario.name()).resolve(side.word());
                copyTree(classes, variant);
                embedLibraries(libraries, variant);
            }
        }
    }

    /**
     * Unpacks every jar of {@code classpathFile} (a classpath, as the dependency plugin writes it) into
     * {@code variant}, leaving out each jar's metadata. The side's own classes, copied first, win over
     * a library's of the same name.
     */
    static void embedLibraries(Path classpathFile, Path variant) throws IOException {
        String classpath =
                Files.readString(classpathFile, StandardCharsets.UTF_8).strip();
        if (classpath.isEmpty()) {
            return;
        }
        Path root = variant.toAbsolutePath().normalize();
        for (String jar : classpath.split(Pattern.quote(File.pathSeparator))) {
            try (ZipFile zip = new ZipFile(jar)) {
                for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                    ZipEntry entry = entries.nextElement();
                    if (entry.isDirectory()
                            || JAR_METADATA.matcher(entry.getName()).matches()) {
                        continue;
                    }
                    Path target = root.resolve(entry.getName()).normalize();
                    if (!target.startsWith(root)) {
                        throw new IOException(jar + " has an entry outside its folder: " + entry.getName());
                    }
                    if (Files.exists(target)) {
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
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
