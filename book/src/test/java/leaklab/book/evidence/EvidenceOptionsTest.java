package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The evidence command line")
class EvidenceOptionsTest {

    private static final Set<String> CHAPTERS = new LinkedHashSet<>(List.of("timer", "thread"));

    @TempDir
    Path dir;

    private String[] args(String... more) {
        List<String> all = new java.util.ArrayList<>(List.of("--project-root", dir.toString(), "--out", "out",
                "--work", "work", "--probe-classes", "classes", "--classpaths", dir.toString(),
                "--probe-jvm-options", "-Xmx256m  --add-opens java.base/java.lang=ALL-UNNAMED", "--demo-jvm-options", " "));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    @DisplayName("reads every option, JVM options split on spaces, and measures every chapter unless told which")
    void parses() {
        EvidenceOptions options = EvidenceOptions.parse(args(), CHAPTERS);

        assertThat(options.probeJvmOptions()).containsExactly("-Xmx256m", "--add-opens", "java.base/java.lang=ALL-UNNAMED");
        assertThat(options.demoJvmOptions()).isEmpty();
        assertThat(options.out()).isAbsolute();
        assertThat(options.chapters()).containsExactlyInAnyOrder("timer", "thread");
        assertThat(EvidenceOptions.parse(args("--chapters", "thread"), CHAPTERS).chapters()).containsExactly("thread");
    }

    @Test
    @DisplayName("names what is wrong: a missing option, an unknown chapter")
    void namesProblems() {
        assertThatThrownBy(() -> EvidenceOptions.parse(new String[] {"--out", "x"}, CHAPTERS))
                .hasMessageContaining("missing --project-root").hasMessageContaining("usage: BookEvidence");
        assertThatThrownBy(() -> EvidenceOptions.parse(args("--chapters", "timer,heap"), CHAPTERS))
                .hasMessageContaining("the chapters with evidence are [timer, thread]");
    }

    @Test
    @DisplayName("reads a variant's classpath from its file, and says how to get it when it is missing")
    void classpaths() throws IOException {
        Files.writeString(dir.resolve("thread-leaking.classpath"), "a.jar:b.jar\n");
        EvidenceOptions options = EvidenceOptions.parse(args(), CHAPTERS);

        assertThat(options.classpath("thread", "leaking")).isEqualTo("a.jar:b.jar");
        assertThatThrownBy(() -> options.classpath("thread", "fixed"))
                .isInstanceOf(EvidenceException.class)
                .hasMessageContaining("no classpath for the fixed thread")
                .hasMessageContaining("./mvnw -pl book -am test");
    }
}
