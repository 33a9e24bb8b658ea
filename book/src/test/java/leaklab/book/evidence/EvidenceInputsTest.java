package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import leaklab.catalog.Scenario;
import leaklab.catalog.ScenarioCatalog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chapter keeps its evidence only while nothing it was measured from changed: a change to
 * either side's code, to the support code, or a build outside the project's folders measures it
 * again.
 */
class EvidenceInputsTest {

    @TempDir
    Path root;

    private Scenario scenario;
    private EvidenceOptions options;
    private final Jdk jdk = Jdk.current();

    @BeforeEach
    void aScenarioWithBothSides() throws IOException {
        write("scenarios/timer/scenario.properties", """
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
        write("scenarios/timer/src/main/java/Session.java", "class Session {}");
        write("fixes/timer/src/main/java/Session.java", "class Session { void close() {} }");
        write("demo/src/main/java/LiveDemo.java", "class LiveDemo {}");
        write("exercises/timer/src/main/java/Cache.java", "class Cache {}");
        scenario = ScenarioCatalog.in(root).find("timer").orElseThrow();
        options = EvidenceOptions.parse(new String[] {
            "--project-root",
            root.toString(),
            "--out",
            root.resolve("out").toString(),
            "--work",
            root.resolve("work").toString(),
            "--launcher-classes",
            root.toString(),
            "--test-jvm-options",
            "-Xmx256m",
            "--demo-jvm-options",
            "-Xmx256m"
        });
    }

    @Test
    void the_same_files_give_the_same_digest() {
        assertThat(digest()).isEqualTo(digest());
    }

    @Test
    void a_change_to_the_fixed_side_measures_the_chapter_again() throws IOException {
        String before = digest();
        write("fixes/timer/src/main/java/Session.java", "class Session { void close() { cancel(); } }");

        assertThat(digest()).isNotEqualTo(before);
    }

    @Test
    void a_change_to_the_demo_support_measures_every_chapter_again() throws IOException {
        String before = digest();
        write("demo/src/main/java/Gauge.java", "class Gauge {}");

        assertThat(digest()).isNotEqualTo(before);
    }

    @Test
    void an_exercise_is_not_what_a_chapter_is_measured_from() throws IOException {
        String before = digest();
        write("exercises/timer/src/main/java/Cache.java", "class Cache { void close() {} }");

        assertThat(digest()).isEqualTo(before);
    }

    @Test
    void other_jvm_options_for_the_demos_measure_the_chapter_again() {
        EvidenceOptions bigger = new EvidenceOptions(
                options.projectRoot(),
                options.out(),
                options.work(),
                options.launcherClasses(),
                options.testJvmOptions(),
                java.util.List.of("-Xmx512m"),
                options.scenarios(),
                false);

        assertThat(EvidenceInputs.of(scenario, bigger, jdk).digest()).isNotEqualTo(digest());
    }

    @Test
    void a_chapter_is_kept_once_its_outputs_are_complete_and_until_an_input_changes() throws IOException {
        EvidenceInputs inputs = EvidenceInputs.of(scenario, options, jdk);
        write("out/timer-facts.adoc", ":timer-rate: 100");
        assertThat(inputs.upToDate()).as("never measured").isFalse();

        inputs.remember();
        assertThat(inputs.upToDate()).as("measured, nothing changed").isTrue();

        write("scenarios/timer/src/main/java/Session.java", "class Session { int opened; }");
        assertThat(EvidenceInputs.of(scenario, options, jdk).upToDate())
                .as("a side changed")
                .isFalse();
    }

    @Test
    void remeasure_measures_a_chapter_whose_inputs_did_not_change() throws IOException {
        write("out/timer-facts.adoc", ":timer-rate: 100");
        EvidenceInputs.of(scenario, options, jdk).remember();
        EvidenceOptions remeasure = new EvidenceOptions(
                options.projectRoot(),
                options.out(),
                options.work(),
                options.launcherClasses(),
                options.testJvmOptions(),
                options.demoJvmOptions(),
                options.scenarios(),
                true);

        assertThat(EvidenceInputs.of(scenario, remeasure, jdk).upToDate()).isFalse();
    }

    @Test
    void a_measurement_that_starts_and_fails_leaves_nothing_to_keep() throws IOException {
        write("out/timer-facts.adoc", ":timer-rate: 100");
        EvidenceInputs inputs = EvidenceInputs.of(scenario, options, jdk);
        inputs.remember();

        inputs.forget(); // as a measurement starts; it fails before remember()
        assertThat(inputs.upToDate()).isFalse();
    }

    private String digest() {
        return EvidenceInputs.of(scenario, options, jdk).digest();
    }

    private void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
