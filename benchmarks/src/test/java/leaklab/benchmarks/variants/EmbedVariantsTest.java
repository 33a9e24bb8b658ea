package leaklab.benchmarks.variants;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import leaklab.catalog.Scenario;
import leaklab.catalog.ScenarioCatalog;
import leaklab.catalog.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedVariantsTest {

    @Test
    void a_sides_libraries_are_unpacked_beside_its_classes_without_their_metadata(@TempDir Path dir)
            throws IOException {
        Path jar = dir.resolve("library.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            entry(zip, "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n");
            entry(zip, "META-INF/LIBRARY.SF", "signature");
            entry(zip, "module-info.class", "module descriptor");
            entry(zip, "com/example/Library.class", "the library's");
            entry(zip, "com/example/Shared.class", "the library's");
            entry(zip, "com/example/library.properties", "a resource");
        }
        Path variant = Files.createDirectories(dir.resolve("variant"));
        Files.createDirectories(variant.resolve("com/example"));
        Files.writeString(variant.resolve("com/example/Shared.class"), "the side's own");
        Path classpath = Files.writeString(dir.resolve("runtime-libraries.classpath"), jar.toString());

        EmbedVariants.embedLibraries(classpath, variant);

        assertThat(variant.resolve("com/example/Library.class")).hasContent("the library's");
        assertThat(variant.resolve("com/example/library.properties")).hasContent("a resource");
        assertThat(variant.resolve("com/example/Shared.class"))
                .as("the side's own class wins")
                .hasContent("the side's own");
        assertThat(variant.resolve("META-INF")).doesNotExist();
        assertThat(variant.resolve("module-info.class")).doesNotExist();
    }

    @Test
    void a_side_with_no_libraries_gets_nothing_more(@TempDir Path dir) throws IOException {
        Path variant = Files.createDirectories(dir.resolve("variant"));
        Path classpath = Files.writeString(dir.resolve("runtime-libraries.classpath"), "");

        EmbedVariants.embedLibraries(classpath, variant);

        try (var files = Files.list(variant)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void every_side_loads_the_libraries_its_build_listed_from_its_own_class_loader() throws IOException {
        ScenarioCatalog catalog = ScenarioCatalog.in(Path.of("..")); // the tests run in benchmarks/
        for (Scenario scenario : catalog.all()) {
            for (Side side : Side.values()) {
                String classpath = Files.readString(
                                scenario.module(side).resolve(EmbedVariants.RUNTIME_LIBRARIES), StandardCharsets.UTF_8)
                        .strip();
                for (String jar : classpath.isEmpty() ? new String[0] : classpath.split(File.pathSeparator)) {
                    for (String className : topLevelClasses(jar)) {
                        Class<?> loaded = VariantClassLoader.of(scenario.name(), side.word())
                                .variantClass(className);
                        assertThat(loaded.getClassLoader())
                                .as("%s, from %s", className, jar)
                                .hasToString("VariantClassLoader[" + scenario.name() + "/" + side.word() + "]");
                    }
                }
            }
        }
    }

    /** The first few top-level classes of a jar, module descriptors left out. */
    private static List<String> topLevelClasses(String jar) throws IOException {
        List<String> classes = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar)) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries();
                    entries.hasMoreElements() && classes.size() < 3; ) {
                String name = entries.nextElement().getName();
                if (name.endsWith(".class")
                        && !name.contains("$")
                        && !name.contains("-")
                        && !name.startsWith("META-INF/")) {
                    classes.add(name.replace('/', '.').replaceFirst("\\.class$", ""));
                }
            }
        }
        return classes;
    }

    private static void entry(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        OutputStream out = zip;
        out.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
