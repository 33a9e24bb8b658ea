package leaklab.workshop;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * One exercise, as its folder and its manifest ({@code exercise.properties}) describe it.
 *
 * <pre>
 * exercises/NAME/exercise.properties       the manifest: order, title, file, starter.fails-with.N
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
 * @param failsWith phrases the starter's failing assertions must contain, each in at least one
 */
record Exercise(String name, Path dir, int order, String title, String file, List<String> failsWith) {

    static final String MANIFEST = "exercise.properties";

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
        String order = required(properties, "order", manifest);
        try {
            return new Exercise(name, dir, Integer.parseInt(order.strip()), required(properties, "title", manifest),
                    required(properties, "file", manifest), List.copyOf(failsWith));
        } catch (NumberFormatException e) {
            throw new IllegalStateException(manifest + ": order must be a whole number, not \"" + order + "\"", e);
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
