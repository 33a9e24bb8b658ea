package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceOutputTest {

    @TempDir
    Path dir;

    private EvidenceOutput output() {
        return new EvidenceOutput(dir, "thread", new MachinePaths(Map.of(Path.of("/home/ana/leaklab"), "<project>")));
    }

    @Test
    void deletes_the_chapters_old_files_only_never_another_chapters() throws IOException {
        Files.writeString(dir.resolve("thread-facts.adoc"), "old");
        Files.writeString(dir.resolve("timer-facts.adoc"), "the timer's");

        output().deleteOld();

        assertThat(dir.resolve("thread-facts.adoc")).doesNotExist();
        assertThat(dir.resolve("timer-facts.adoc")).hasContent("the timer's");
    }

    @Test
    void writes_text_without_the_machines_folders_ending_in_a_line_break_and_only_under_the_chapters_name()
            throws IOException {
        output().writeText("thread-nmt", "cwd /home/ana/leaklab/book");

        assertThat(Files.readString(dir.resolve("thread-nmt.txt"))).isEqualTo("cwd <project>/book\n");
        assertThatThrownBy(() -> output().writeText("timer-nmt", "x")).hasMessageContaining("not named thread-");
    }

    @Test
    void writes_a_twin_for_the_pdf_in_the_glyphs_its_code_font_has() throws IOException {
        output().writeText("thread-trace", "│    ↓ Thread<Java Local>\n╰→ leaklab.thread.Request instance");

        assertThat(Files.readString(dir.resolve("thread-trace.txt"))).contains("↓", "╰→");
        assertThat(Files.readString(dir.resolve("thread-trace-print.txt"))).doesNotContain("↓", "╰→");
    }

    @Test
    void writes_the_facts_as_asciidoc_attributes_an_empty_one_set_without_a_value_and_refuses_one_that_spans_lines()
            throws IOException {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("thread-jdk", "17.0.15");
        facts.put("thread-probe-leak-has-idle", "");

        output().writeFacts(facts, ScenarioEvidence.class);

        assertThat(Files.readString(dir.resolve("thread-facts.adoc"))).isEqualTo("""
                // The thread chapter's figures, measured while this book was built by \
                leaklab.book.evidence.ScenarioEvidence. Generated: do not edit.
                :thread-jdk: 17.0.15
                :thread-probe-leak-has-idle:
                """);
        assertThatThrownBy(() -> output().writeFacts(Map.of("thread-x", "a\nb"), ScenarioEvidence.class))
                .hasMessageContaining("spans lines");
    }
}
