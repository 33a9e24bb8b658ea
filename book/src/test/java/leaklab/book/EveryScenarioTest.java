package leaklab.book;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Path;
import java.util.stream.Stream;
import leaklab.catalog.ScenarioCatalog;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The build's proof that every catalogued scenario is complete, the way EveryExerciseTest proves
 * every exercise: both modules, the chapter with its eight sections in order, the tests and
 * benchmarks it names, the exercise, and the evidence measured while this book was built. (The
 * evidence step, before the render, already failed the build if a side's tests failed, if the
 * leaking side printed no growth, or if a measurement contradicted the descriptor: its facts file
 * exists only when the scenario was confirmed.) A scenario is found by its descriptor; adding one
 * needs no change here.
 */
class EveryScenarioTest {

    private static final Path ROOT = Path.of(System.getProperty("book.projectRoot"));
    private static final Path EVIDENCE =
            Path.of(System.getProperty("book.generatedDirectory")).resolve("evidence");

    @Test
    void the_catalog_finds_the_scenarios() {
        assertThat(ScenarioCatalog.in(ROOT).names())
                .as("scenarios under %s", ROOT.resolve("scenarios"))
                .contains("timer", "thread");
    }

    @TestFactory
    Stream<DynamicTest> the_readme_table_lists_every_scenario_with_its_leak() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(ROOT.resolve("README.md"));
        return ScenarioCatalog.in(ROOT).all().stream()
                .map(scenario -> dynamicTest(
                        scenario.name(),
                        () -> assertThat(readme)
                                .as(
                                        "README.md's table of scenarios: a row | `%s` | %s |, as its descriptor says",
                                        scenario.name(), scenario.leak())
                                .contains("| `" + scenario.name() + "` | " + scenario.leak() + " |")));
    }

    @TestFactory
    Stream<DynamicTest> every_scenario_is_complete() {
        return ScenarioCatalog.in(ROOT).all().stream()
                .map(scenario -> dynamicTest(
                        scenario.name() + " is complete",
                        () -> assertThat(ScenarioCheck.problems(scenario, EVIDENCE))
                                .as("what the %s scenario is missing", scenario.name())
                                .isEmpty()));
    }
}
