package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceOptionsTest {

    @TempDir
    Path dir;

    private String[] args(String... more) {
        List<String> all = new ArrayList<>(List.of(
                "--project-root",
                dir.toString(),
                "--out",
                "out",
                "--work",
                "work",
                "--launcher-classes",
                "classes",
                "--test-jvm-options",
                "-Xmx256m  --add-opens java.base/java.lang=ALL-UNNAMED",
                "--demo-jvm-options",
                " "));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void every_option_is_read_and_jvm_options_are_split_on_spaces() {
        EvidenceOptions options = EvidenceOptions.parse(args());

        assertThat(options.testJvmOptions())
                .containsExactly("-Xmx256m", "--add-opens", "java.base/java.lang=ALL-UNNAMED");
        assertThat(options.demoJvmOptions()).isEmpty();
        assertThat(options.out()).isAbsolute();
    }

    @Test
    void every_scenario_is_measured_unless_some_are_named() {
        assertThat(EvidenceOptions.parse(args()).scenarios()).isEmpty();
        assertThat(EvidenceOptions.parse(args("--scenarios", "all")).scenarios())
                .isEmpty();
        assertThat(EvidenceOptions.parse(args("--scenarios", "thread, timer")).scenarios())
                .containsExactly("thread", "timer");
    }

    @Test
    void a_missing_option_is_named_with_the_usage() {
        assertThatThrownBy(() -> EvidenceOptions.parse(new String[] {"--out", "x"}))
                .hasMessageContaining("missing --project-root")
                .hasMessageContaining("usage: BookEvidence");
    }
}
