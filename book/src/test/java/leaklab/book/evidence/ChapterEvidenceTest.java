package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A chapter's evidence")
class ChapterEvidenceTest {

    @TempDir
    Path root;

    /** A chapter with nothing to measure: what every chapter does the same way is all there is. */
    private ChapterEvidence chapter() {
        EvidenceOptions options = EvidenceOptions.parse(new String[] {"--project-root", root.toString(),
                "--out", root.resolve("out").toString(), "--work", root.resolve("work").toString(),
                "--probe-classes", "classes", "--classpaths", root.toString(),
                "--probe-jvm-options", "", "--demo-jvm-options", ""}, new LinkedHashSet<>(List.of("demo")));
        Path home = Path.of(System.getProperty("java.home"));
        return new ChapterEvidence("demo", options, new Jdk(home, home.resolve("bin/java"), home.resolve("bin/jcmd"))) {
            @Override
            Callable<LiveDemoRun.Result> demo(String what, String folder, String classpath, Runnable afterFirstLook) {
                throw new UnsupportedOperationException("nothing to run");
            }

            @Override
            Callable<ProbeOutput> probe(String what, String folder, String classpath) {
                throw new UnsupportedOperationException("nothing to run");
            }

            @Override
            void write(Measured measured) {
            }

            @Override
            String testCommand() {
                return "./mvnw test -pl scenarios/demo";
            }
        };
    }

    private void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    @DisplayName("reads one section of the chapter, up to the next one")
    void readsSection() throws IOException {
        write("book/src/docs/asciidoc/demo.adoc", "[#demo]\n= Demo\n\n[#demo-prove]\n== Prove\n\nThe tests.\n\n[#demo-cost]\n== Cost\n");

        assertThat(chapter().section("prove")).isEqualTo("[#demo-prove]\n== Prove\n\nThe tests.\n");
        assertThat(chapter().section("cost")).isEqualTo("[#demo-cost]\n== Cost\n");
        assertThatThrownBy(() -> chapter().section("fix")).hasMessageContaining("demo.adoc has no [#demo-fix] section");
    }

    @Test
    @DisplayName("tells which tests are tagged, and fails on a test the Prove section names that no test class has")
    void checksTheProveSection() throws IOException {
        write("book/src/docs/asciidoc/demo.adoc", "[#demo-prove]\n== Prove\n\n* `every_leak_is_caught`: yes.\n");
        write("LeakTest.java", "// tag::prove[]\nvoid every_leak_is_caught() {}\n// end::prove[]\n");
        write("FixTest.java", "void every_fix_holds() {}\n");
        Map<String, Path> tests = new LinkedHashMap<>();
        tests.put("demo-leak-test-tagged", root.resolve("LeakTest.java"));
        tests.put("demo-fix-test-tagged", root.resolve("FixTest.java"));
        Map<String, String> facts = new LinkedHashMap<>();

        chapter().proveFacts(tests, facts);

        assertThat(facts).containsOnlyKeys("demo-leak-test-tagged");

        write("book/src/docs/asciidoc/demo.adoc", "[#demo-prove]\n== Prove\n\n* `every_leak_is_found`: renamed.\n");
        assertThatThrownBy(() -> chapter().proveFacts(tests, new LinkedHashMap<>()))
                .isInstanceOf(EvidenceException.class)
                .hasMessageContaining("names the test every_leak_is_found, which neither LeakTest nor FixTest has");
    }

    @Test
    @DisplayName("a contradiction says what was measured, and which tests to run")
    void contradiction() {
        assertThat(chapter().contradiction("the fix leaks", "3 threads").getMessage()).isEqualTo(
                "the fix leaks. The book would contradict its own measurement; run the scenario's tests"
                        + " (./mvnw test -pl scenarios/demo) to see which side changed.\n3 threads");
    }

    @Test
    @DisplayName("figures per operation have two decimals, and no negative zero")
    void perOperation() {
        assertThat(ChapterEvidence.perOperation(1.0)).isEqualTo("1.00");
        assertThat(ChapterEvidence.perOperation(-0.001)).isEqualTo("0.00");
    }
}
