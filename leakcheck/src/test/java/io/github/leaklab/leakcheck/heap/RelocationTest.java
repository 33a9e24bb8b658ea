package io.github.leaklab.leakcheck.heap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * leakcheck's classes, as the build made them and as a user gets them (the jar is these files):
 * Shark, okio and Kotlin only under io.github.leaklab.leakcheck.shaded, nothing at their own names.
 */
class RelocationTest {

    @Test
    void shark_okio_and_kotlin_are_inside_leakcheck_under_a_renamed_package_only()
            throws IOException, URISyntaxException {
        Path classes = Path.of(HeapDump.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        assertThat(classes).isDirectory(); // target/classes, before any jar is made

        List<String> topLevel;
        try (Stream<Path> entries = Files.list(classes)) {
            topLevel = entries.map(entry -> entry.getFileName().toString())
                    .sorted()
                    .toList();
        }
        assertThat(topLevel).containsExactlyInAnyOrder("META-INF", "io");
        assertThat(classes.resolve("io/github/leaklab/leakcheck/shaded"))
                .isDirectoryContaining(path -> List.of("shark", "okio", "kotlin")
                        .contains(path.getFileName().toString()));
        assertThat(classes.resolve("io/github/leaklab/leakcheck/shaded/shark/HeapAnalyzer.class"))
                .exists();
    }
}
