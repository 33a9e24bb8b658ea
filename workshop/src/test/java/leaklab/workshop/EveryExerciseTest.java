package leaklab.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's proof that every exercise works, after Rustlings' own CI: the exercise's tests fail
 * on its pristine starter, for the reason its manifest names, and pass on its reference solution.
 * An exercise is found by its folder; adding one needs no change here. Each run has the exercise's
 * time limit, so a starter or solution that hangs fails this check instead of hanging the build.
 */
class EveryExerciseTest {

    private static final Path ROOT = ProjectRoot.locate();
    private static final ExerciseCatalog CATALOG = ExerciseCatalog.in(ROOT);
    private static final ExerciseRunner RUNNER = new ExerciseRunner(ROOT);

    @TestFactory
    Stream<DynamicNode> every_exercise_works_both_ways() {
        assertThat(CATALOG.all())
                .as("exercises found in %s", CATALOG.exercisesDir())
                .isNotEmpty();
        return CATALOG.all().stream()
                .map(exercise -> dynamicContainer(
                        exercise.name(),
                        Stream.of(
                                dynamicTest(
                                        "is complete: manifest, hints, starter, solution, module line",
                                        () -> isComplete(exercise)),
                                dynamicTest(
                                        "its starter fails, on an assertion, for the reason its manifest names",
                                        () -> starterFailsForTheNamedReason(RUNNER, exercise)),
                                dynamicTest(
                                        "its reference solution passes the same tests",
                                        () -> solutionPasses(RUNNER, exercise)))));
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES) // a guard: without the runner's own limit, this would hang the build
    void a_starter_or_solution_that_hangs_fails_this_check_at_the_exercise_time_limit(@TempDir Path root)
            throws IOException {
        LabFixtures.copyExercises(root);
        LabFixtures.setTimeout(root, "thread", 3);
        Exercise thread = ExerciseCatalog.in(root).find("thread").orElseThrow();
        String hang = """
                for (Thread worker : workers) {
                    try {
                        worker.join();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                """;
        LabFixtures.closeWith(thread.starter().resolve(thread.file()), hang);
        Files.copy(
                thread.starter().resolve(thread.file()),
                thread.solution().resolve(thread.file()),
                StandardCopyOption.REPLACE_EXISTING);
        ExerciseRunner runner = new ExerciseRunner(root, new WorkFolders(root.resolve("tmp")), System.out);

        assertThatThrownBy(() -> starterFailsForTheNamedReason(runner, thread))
                .hasMessageContaining("timed out after 3 s: ImportWorkers.close() never returned");
        assertThatThrownBy(() -> solutionPasses(runner, thread))
                .hasMessageContaining("timed out after 3 s: ImportWorkers.close() never returned");
        assertThat(LabFixtures.workFoldersIn(root.resolve("tmp"))).isEmpty();
    }

    private static void isComplete(Exercise exercise) throws IOException {
        String name = exercise.name();
        assertThat(exercise.failsWith())
                .as("%s: exercise.properties names no starter.fails-with.1, the reason the starter must fail", name)
                .isNotEmpty();
        assertThat(exercise.hints().count())
                .as("%s: HINTS.adoc has no // tag::hint-1[] ... // end::hint-1[]", name)
                .isGreaterThanOrEqualTo(1);
        for (Path tree : List.of(exercise.starter(), exercise.solution(), exercise.sources())) {
            assertThat(tree.resolve(exercise.file()))
                    .as("%s: the file the learner fixes, in %s", name, ROOT.relativize(tree))
                    .isRegularFile();
        }
        assertThat(Files.readString(exercise.starter().resolve(exercise.file())))
                .as("%s: the starter marks where to look with a // TODO", name)
                .contains("// TODO");
        assertThat(ExerciseRunner.javaFilesIn(exercise.tests()))
                .as("%s: tests in src/test/java", name)
                .isNotEmpty();
        assertThat(exercise.dir().resolve("src/test/resources/junit-platform.properties"))
                .as("%s: a junit-platform.properties, so its test names read as sentences in ./lab and Maven", name)
                .isRegularFile();
        assertThat(Files.readString(CATALOG.exercisesDir().resolve("pom.xml")))
                .as("%s: a <module> line in exercises/pom.xml, so the build compiles the learner's copy", name)
                .contains("<module>" + name + "</module>");
    }

    static void starterFailsForTheNamedReason(ExerciseRunner runner, Exercise exercise) {
        Verdict verdict = runner.run(exercise, exercise.starter());
        String name = exercise.name();
        assertThat(verdict.outcome())
                .as("%s: the starter must compile and fail its tests; it gave:%n%s", name, verdict.describe())
                .isEqualTo(Verdict.Outcome.FAILING);
        assertThat(verdict.failures())
                .as("%s: the starter must fail at least one test", name)
                .isNotEmpty();
        for (Verdict.Failure failure : verdict.failures()) {
            assertThat(failure.isAssertion())
                    .as(
                            "%s: the starter fails \"%s\" for the wrong reason (an exception or a timeout, not a"
                                    + " leak check's assertion):%n%s",
                            name, failure.test(), failure.message())
                    .isTrue();
        }
        String messages = verdict.allMessages();
        for (String phrase : exercise.failsWith()) {
            assertThat(messages)
                    .as(
                            "%s: no failure of the starter mentions \"%s\" (exercise.properties,"
                                    + " starter.fails-with); the starter no longer leaks the way the exercise teaches",
                            name, phrase)
                    .contains(phrase);
        }
        System.out.printf(
                "%s: starter fails %d of %d tests, as it should (%d ms)%n",
                name,
                verdict.failures().size(),
                verdict.testsRun(),
                verdict.took().toMillis());
    }

    static void solutionPasses(ExerciseRunner runner, Exercise exercise) {
        Verdict verdict = runner.run(exercise, exercise.solution());
        assertThat(verdict.isSolved())
                .as(
                        "%s: the reference solution must pass every test; it gave:%n%s",
                        exercise.name(), verdict.describe())
                .isTrue();
        System.out.printf(
                "%s: reference solution passes all %d tests (%d ms)%n",
                exercise.name(), verdict.testsRun(), verdict.took().toMillis());
    }
}
