package leaklab.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The build's proof that every exercise works, after Rustlings' own CI: the exercise's tests fail
 * on its pristine starter, for the reason its manifest names, and pass on its reference solution.
 * An exercise is found by its folder; adding one needs no change here.
 */
@DisplayName("Every exercise")
class EveryExerciseTest {

    private static final Path ROOT = ProjectRoot.locate();
    private static final ExerciseCatalog CATALOG = ExerciseCatalog.in(ROOT);
    private static final ExerciseRunner RUNNER = new ExerciseRunner(ROOT);

    @TestFactory
    @DisplayName("works both ways")
    Stream<DynamicNode> everyExerciseWorksBothWays() {
        assertThat(CATALOG.all()).as("exercises found in %s", CATALOG.exercisesDir()).isNotEmpty();
        return CATALOG.all().stream().map(exercise -> dynamicContainer(exercise.name(), Stream.of(
                dynamicTest("is complete: manifest, hints, starter, solution, module line",
                        () -> isComplete(exercise)),
                dynamicTest("its starter fails, on an assertion, for the reason its manifest names",
                        () -> starterFailsForTheNamedReason(exercise)),
                dynamicTest("its reference solution passes the same tests",
                        () -> solutionPasses(exercise)))));
    }

    private static void isComplete(Exercise exercise) throws IOException {
        String name = exercise.name();
        assertThat(exercise.failsWith())
                .as("%s: exercise.properties names no starter.fails-with.1, the reason the starter must fail", name)
                .isNotEmpty();
        assertThat(exercise.hints().count()).as("%s: HINTS.adoc has no // tag::hint-1[] ... // end::hint-1[]", name)
                .isGreaterThanOrEqualTo(1);
        for (Path tree : List.of(exercise.starter(), exercise.solution(), exercise.sources())) {
            assertThat(tree.resolve(exercise.file())).as("%s: the file the learner fixes, in %s", name, ROOT.relativize(tree))
                    .isRegularFile();
        }
        assertThat(Files.readString(exercise.starter().resolve(exercise.file())))
                .as("%s: the starter marks where to look with a // TODO", name).contains("// TODO");
        assertThat(ExerciseRunner.javaFilesIn(exercise.tests())).as("%s: tests in src/test/java", name).isNotEmpty();
        assertThat(Files.readString(CATALOG.exercisesDir().resolve("pom.xml")))
                .as("%s: a <module> line in exercises/pom.xml, so the build compiles the learner's copy", name)
                .contains("<module>" + name + "</module>");
    }

    private static void starterFailsForTheNamedReason(Exercise exercise) {
        Verdict verdict = RUNNER.run(exercise, exercise.starter());
        String name = exercise.name();
        assertThat(verdict.outcome()).as("%s: the starter must compile and fail its tests; it gave:%n%s",
                name, verdict.describe()).isEqualTo(Verdict.Outcome.FAILING);
        assertThat(verdict.failures()).as("%s: the starter must fail at least one test", name).isNotEmpty();
        for (Verdict.Failure failure : verdict.failures()) {
            assertThat(failure.isAssertion())
                    .as("%s: the starter fails \"%s\" for the wrong reason (an exception or a timeout, not a"
                            + " leak check's assertion):%n%s", name, failure.test(), failure.message())
                    .isTrue();
        }
        String messages = verdict.allMessages();
        for (String phrase : exercise.failsWith()) {
            assertThat(messages).as("%s: no failure of the starter mentions \"%s\" (exercise.properties,"
                    + " starter.fails-with); the starter no longer leaks the way the exercise teaches", name, phrase)
                    .contains(phrase);
        }
        System.out.printf("%s: starter fails %d of %d tests, as it should (%d ms)%n", name,
                verdict.failures().size(), verdict.testsRun(), verdict.took().toMillis());
    }

    private static void solutionPasses(Exercise exercise) {
        Verdict verdict = RUNNER.run(exercise, exercise.solution());
        assertThat(verdict.isSolved()).as("%s: the reference solution must pass every test; it gave:%n%s",
                exercise.name(), verdict.describe()).isTrue();
        System.out.printf("%s: reference solution passes all %d tests (%d ms)%n", exercise.name(),
                verdict.testsRun(), verdict.took().toMillis());
    }
}
