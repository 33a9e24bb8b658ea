package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import leaklab.catalog.Scenario;
import leaklab.catalog.ScenarioCatalog;
import leaklab.catalog.Side;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evidence's verdict on what it measured, against the descriptor: a fixed side that still
 * leaks, or whose tests fail, is named with the figure, the side and the descriptor's key.
 */
class ScenarioEvidenceTest {

    @TempDir
    Path root;

    private Scenario scenario;

    @BeforeEach
    void aDescriptor() throws IOException {
        Path descriptor = root.resolve("scenarios/timer/scenario.properties");
        Files.createDirectories(descriptor.getParent());
        Files.writeString(descriptor, """
                order = 1
                title = Timers
                leak = timers
                operation = session
                operations = sessions
                demo.main = leaklab.timer.TimerDemo
                evidence.rate = 100
                evidence.look.1.after = 100
                evidence.look.1.jcmd = Thread.print
                evidence.look.2.after = 300
                evidence.look.2.jcmd = Thread.print
                evidence.chart = threads
                evidence.leaking.threads = 0.9
                evidence.fixed.threads = 0.05
                benchmarks = TimerCost
                """);
        scenario = ScenarioCatalog.in(root).find("timer").orElseThrow();
    }

    @Test
    void a_leak_that_grows_and_a_fix_that_stays_flat_confirm_the_descriptor() {
        assertThat(ScenarioEvidence.problems(scenario, leaking(1.0), fixed(0.0, passing())))
                .isEmpty();
    }

    @Test
    void a_fixed_side_that_still_leaks_is_named_with_its_figure() {
        assertThat(ScenarioEvidence.problems(scenario, leaking(1.0), fixed(1.0, passing())))
                .containsExactly("the fixed side: threads moves less than 0.05 per session from 100 to 300 sessions,"
                        + " measured 1.00 (evidence.fixed.threads)");
    }

    @Test
    void a_fixed_side_whose_tests_fail_is_named_with_the_failures() {
        TestRun.Result failing = new TestRun.Result(
                2,
                1,
                Map.of("a", "", "b", ""),
                Map.of("a", "passed: a", "b", "failed: b: AssertionError: 1 thread still alive"));

        assertThat(ScenarioEvidence.problems(scenario, leaking(1.0), fixed(0.0, failing)))
                .singleElement()
                .asString()
                .startsWith("the fixed side's tests must all pass; 1 of 2 failed:")
                .contains("1 thread still alive");
    }

    @Test
    void a_leak_that_does_not_grow_enough_and_prints_no_growth_is_named_twice() {
        ScenarioEvidence.Measured quiet = new ScenarioEvidence.Measured(
                Side.LEAKING,
                demo(0.1),
                new TestRun.Result(1, 1, Map.of("t", "nothing here"), Map.of("t", "passed: t")));

        assertThat(ScenarioEvidence.problems(scenario, quiet, fixed(0.0, passing())))
                .anySatisfy(p -> assertThat(p).startsWith("the leaking side: threads grows at least 0.90 per session"))
                .anySatisfy(
                        p -> assertThat(p).startsWith("the leaking side's tests must print the growth they measured"));
    }

    private static TestRun.Result passing() {
        return new TestRun.Result(1, 1, Map.of("t", "Threads per session: +1.00 thread/op"), Map.of("t", "passed: t"));
    }

    private static ScenarioEvidence.Measured leaking(double threadsPerSession) {
        return new ScenarioEvidence.Measured(Side.LEAKING, demo(threadsPerSession), passing());
    }

    private static ScenarioEvidence.Measured fixed(double threadsPerSession, TestRun.Result tests) {
        return new ScenarioEvidence.Measured(Side.FIXED, demo(threadsPerSession), tests);
    }

    /** A demo whose threads grew by {@code perSession} a session, with a row at each look. */
    private static DemoRun.Result demo(double perSession) {
        long atFirst = 10 + Math.round(100 * perSession);
        long atLast = 10 + Math.round(300 * perSession);
        GaugeCsv gauge =
                GaugeCsv.parse("seconds,operations,threads\n0,0,10\n1,100," + atFirst + "\n3,300," + atLast + "\n");
        return new DemoRun.Result("", gauge, List.of(Map.of(), Map.of()));
    }
}
