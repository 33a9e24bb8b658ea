package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** ./diagnose's report of a live JVM (a real one, of the leaking timer demo, JDK 17), cut at its steps. */
class DiagnoseReportTest {

    private final String report = Fixtures.read("diagnose-timer-jdk17.txt");

    @Test
    void the_report_is_cut_at_each_step_and_nothing_is_lost_or_rewritten() {
        Map<String, String> parts = DiagnoseReport.split(report);

        assertThat(parts.keySet())
                .containsExactly(
                        "header",
                        "classify",
                        "is-it-a-leak",
                        "what-grows",
                        "who-holds-it",
                        "threads",
                        "file-descriptors",
                        "verdict");
        assertThat(parts.get("header")).startsWith("Diagnosis of the JVM ").doesNotContain("1. Classify");
        assertThat(parts.get("who-holds-it"))
                .startsWith("4. Who holds it?\n")
                .contains("GC Root: Thread object")
                .doesNotContain("5. Threads");
        assertThat(String.join("\n", parts.values()).replaceAll("\\s+", " ").strip())
                .isEqualTo(report.replaceAll("\\s+", " ").strip());
    }

    @Test
    void the_verdict_gives_its_kind_as_the_json_writes_it_and_its_suspect() {
        assertThat(DiagnoseReport.verdictKind(report)).isEqualTo("heap-leak");
        assertThat(DiagnoseReport.suspect(report)).isEqualTo("leaklab.timer.Session");
    }

    @Test
    void an_output_that_is_not_a_report_of_a_live_jvm_is_refused() {
        assertThatThrownBy(() -> DiagnoseReport.split("Heap dump app.hprof: 3.7 MiB, 31207 objects\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not ./diagnose's report");
    }
}
