package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A chapter's evidence output")
class EvidenceOutputTest {

    @TempDir
    Path dir;

    private EvidenceOutput output() {
        return new EvidenceOutput(dir, "thread", new MachinePaths(Map.of(Path.of("/home/ana/leaklab"), "<project>")));
    }

    @Test
    @DisplayName("deletes the chapter's old files only, never another chapter's")
    void deletesOwnOldFiles() throws IOException {
        Files.writeString(dir.resolve("thread-facts.adoc"), "old");
        Files.writeString(dir.resolve("timer-facts.adoc"), "the timer's");

        output().deleteOld();

        assertThat(dir.resolve("thread-facts.adoc")).doesNotExist();
        assertThat(dir.resolve("timer-facts.adoc")).hasContent("the timer's");
    }

    @Test
    @DisplayName("writes text without the machine's folders, ending in a line break, and only under the chapter's name")
    void writesText() throws IOException {
        output().writeText("thread-nmt", "cwd /home/ana/leaklab/book");

        assertThat(Files.readString(dir.resolve("thread-nmt.txt"))).isEqualTo("cwd <project>/book\n");
        assertThatThrownBy(() -> output().writeText("timer-nmt", "x")).hasMessageContaining("not named thread-");
    }

    @Test
    @DisplayName("writes a twin for the PDF, in the glyphs its code font has")
    void writesPrintTwin() throws IOException {
        output().writeText("thread-trace", "│    ↓ Thread<Java Local>\n╰→ leaklab.thread.Request instance");

        assertThat(Files.readString(dir.resolve("thread-trace.txt"))).contains("↓", "╰→");
        assertThat(Files.readString(dir.resolve("thread-trace-print.txt"))).doesNotContain("↓", "╰→");
    }

    @Test
    @DisplayName(
            "writes the facts as AsciiDoc attributes, an empty one set without a value, and refuses one that spans lines")
    void writesFacts() throws IOException {
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
