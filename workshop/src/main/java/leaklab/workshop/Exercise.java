package leaklab.workshop;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * One exercise, as its folder and its manifest ({@code exercise.properties}) describe it.
 *
 * <pre>
 * exercises/NAME/exercise.properties       the manifest: order, title, file, timeout.seconds, starter.fails-with.N
 * exercises/NAME/HINTS.adoc                tiered hints, tagged hint-1, hint-2...
 * exercises/NAME/src/main/java             the learner's code (the starter on a fresh clone)
 * exercises/NAME/src/test/java             the tests that decide "solved"
 * exercises/reference/NAME/starter         the pristine starter: ./lab reset copies it back
 * exercises/reference/NAME/solution        the reference solution, for instructors
 * </pre>
 *
 * @param name the folder's name, what learners type
 * @param dir the exercise's folder
 * @param order its place in {@code ./lab list}
 * @param title one line on what leaks
 * @param file the file the learner fixes, relative to a source root
 * @param timeout how long its tests may take in all before verify stops them and shows where they hang
 * @param failsWith phrases the starter's failing assertions must contain, each in at least one
 */
record Exercise(String name, Path dir, int order, String title, String file, Duration timeout, List<String> failsWith) {

    static final String MANIFEST = "exercise.properties";
    /** The time limit of an exercise whose manifest sets no {@code timeout.seconds}. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    static Exercise load(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest, e);
        }
        String name = dir.getFileName().toString();
        List<String> failsWith = new ArrayList<>();
        for (int i = 1; properties.containsKey("starter.fails-with." + i); i++) {
            failsWith.add(properties.getProperty("starter.fails-with." + i).strip());
        }
        int order = wholeNumber("order", required(properties, "order", manifest), manifest);
        String timeout = properties.getProperty("timeout.seconds");
        Duration limit = timeout == null
                ? DEFAULT_TIMEOUT
                : Duration.ofSeconds(wholeNumber("timeout.seconds", timeout, manifest));
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalStateException(manifest + ": timeout.seconds must be at least 1, not " + timeout.strip());
        }
        return new Exercise(
                name,
                dir,
                order,
                required(properties, "title", manifest),
                required(properties, "file", manifest),
                limit,
                List.copyOf(failsWith));
    }

    private static int wholeNumber(String key, String value, Path manifest) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(
                    manifest + ": " + key + " must be a whole number, not \"" + value.strip() + "\"", e);
        }
    }

    private static String required(Properties properties, String key, Path manifest) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(manifest + " has no " + key + " (see exercises/timer/" + MANIFEST + ")");
        }
        return value.strip();
    }

    /** The learner's code. */
    Path sources() {
        return dir.resolve("src/main/java");
    }

    Path tests() {
        return dir.resolve("src/test/java");
    }

    Path starter() {
        return dir.resolveSibling("reference").resolve(name).resolve("starter");
    }

    Path solution() {
        return dir.resolveSibling("reference").resolve(name).resolve("solution");
    }

    Path hintsFile() {
        return dir.resolve("HINTS.adoc");
    }

    Hints hints() {
        return Hints.read(hintsFile());
    }
}
