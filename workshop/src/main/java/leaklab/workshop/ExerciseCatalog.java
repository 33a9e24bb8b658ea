package leaklab.workshop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Every exercise: each folder of {@code exercises/} that holds an {@code exercise.properties}. */
record ExerciseCatalog(Path exercisesDir, List<Exercise> all) {

    static ExerciseCatalog in(Path projectRoot) {
        Path exercisesDir = projectRoot.resolve("exercises");
        try (Stream<Path> folders = Files.list(exercisesDir)) {
            List<Exercise> all = folders.filter(dir -> Files.isRegularFile(dir.resolve(Exercise.MANIFEST)))
                    .map(Exercise::load)
                    .sorted(Comparator.comparingInt(Exercise::order).thenComparing(Exercise::name))
                    .toList();
            return new ExerciseCatalog(exercisesDir, all);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the exercises in " + exercisesDir, e);
        }
    }

    Optional<Exercise> find(String name) {
        return all.stream().filter(exercise -> exercise.name().equals(name)).findFirst();
    }

    String names() {
        return all.stream().map(Exercise::name).collect(Collectors.joining(", "));
    }
}
