package leaklab.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The workshop tool's command line, run on a copy of the exercises so no real progress is touched. */
@DisplayName("./lab")
class LabTest {

    @TempDir
    Path root;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void copyTheExercises() {
        Path exercises = ProjectRoot.locate().resolve("exercises");
        try (Stream<Path> folders = Files.list(exercises)) {
            folders.filter(path -> !path.getFileName().toString().equals(".lab")
                            && !path.getFileName().toString().equals("target"))
                    .forEach(path -> {
                        Path copy = root.resolve("exercises").resolve(path.getFileName().toString());
                        if (Files.isDirectory(path)) {
                            SourceTree.copy(path, copy);
                        } else {
                            copyFile(path, copy);
                        }
                    });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "frobnicate", "hint", "hint nosuch", "verify nosuch", "reset nosuch",
            "verify timer timer", "list timer"})
    @DisplayName("a bad command line gets a one-line error, the usage and exit code 2")
    void aBadCommandLineExits2(String commandLine) {
        String[] args = commandLine.isEmpty() ? new String[0] : commandLine.split(" ");

        int status = lab(args);

        assertThat(status).isEqualTo(2);
        assertThat(out()).isEmpty();
        String[] lines = err().split("\n");
        assertThat(lines[0]).startsWith("lab: ");
        assertThat(lines[1]).startsWith("Usage: ./lab <command> [exercise]");
    }

    @Test
    @DisplayName("an unknown exercise is named, with the exercises there are")
    void anUnknownExerciseIsNamed() {
        lab("verify", "nosuch");

        assertThat(err()).containsPattern("^lab: unknown exercise \"nosuch\" \\(the exercises: timer(, [a-z]+)*\\)\n");
    }

    @Test
    @DisplayName("list shows a fresh exercise as not started, with no hint seen")
    void listShowsAFreshExerciseAsNotStarted() {
        assertThat(lab("list")).isZero();

        assertThat(out()).containsPattern("1 +timer +not started +0/3 ")
                .contains("Next: ./lab verify timer");
    }

    @Test
    @DisplayName("hints are revealed one at a time and remembered")
    void hintsAreRevealedOneAtATime() {
        assertThat(lab("hint", "timer")).isZero();
        assertThat(out()).contains("Hint 1 of 3 for timer (a nudge):").doesNotContain("Hint 2")
                .contains("./lab hint timer reveals hint 2");

        lab("hint", "timer");
        assertThat(out()).contains("Hint 1 of 3 for timer (a nudge), seen before:")
                .contains("Hint 2 of 3 for timer (stronger):").doesNotContain("Hint 3");

        lab("hint", "timer");
        lab("hint", "timer");
        assertThat(out()).contains("Hint 3 of 3 for timer (nearly the answer), seen before:")
                .contains("That was the last hint.");
        lab("list");
        assertThat(out()).containsPattern("timer +not started +3/3 ");
        assertThat(root.resolve("exercises/.lab/progress.properties")).isRegularFile();
    }

    @Test
    @DisplayName("code that does not compile is reported with file and line, as failing")
    void codeThatDoesNotCompileIsReported() throws IOException {
        Path cache = learnerFile();
        Files.writeString(cache, Files.readString(cache).replace("entries.clear();", "entries.clear()"));

        assertThat(lab("verify", "timer")).isEqualTo(1);

        assertThat(out()).contains("FAILING  timer: It does not compile:")
                .containsPattern("exercises/timer/src/main/java/leaklab/exercise/timer/RefreshingCache.java:\\d+: ';' expected");
    }

    @Test
    @DisplayName("a learner's fix verifies as solved; reset brings the starter back and keeps the fix aside")
    void solveThenReset() throws IOException {
        Path solution = root.resolve("exercises/reference/timer/solution/leaklab/exercise/timer/RefreshingCache.java");
        Files.copy(solution, learnerFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThat(lab("verify", "timer")).isZero();
        // Then the tool points to the next exercise not yet solved, or says they all are.
        assertThat(out()).contains("SOLVED  timer: All 3 tests pass.")
                .containsPattern("Next: ./lab verify (?!timer)[a-z]+|Every exercise is solved\\.");
        lab("list");
        assertThat(out()).containsPattern("timer +solved ");

        assertThat(lab("reset", "timer")).isZero();
        assertThat(out()).contains("timer is back to its starter code in exercises/timer/src/main/java.")
                .contains("Your version is saved in exercises/.lab/saved/timer-");
        assertThat(learnerFile()).hasSameTextualContentAs(
                root.resolve("exercises/reference/timer/starter/leaklab/exercise/timer/RefreshingCache.java"));
        try (Stream<Path> saved = Files.walk(root.resolve("exercises/.lab/saved"))) {
            assertThat(saved.filter(path -> path.endsWith("RefreshingCache.java")))
                    .singleElement().satisfies(path -> assertThat(path).content().contains("refresher.shutdownNow();"));
        }
        lab("list");
        assertThat(out()).containsPattern("timer +not started ");
        lab("reset", "timer");
        assertThat(out()).contains("timer already holds its starter code; nothing to reset.");
    }

    private Path learnerFile() {
        return root.resolve("exercises/timer/src/main/java/leaklab/exercise/timer/RefreshingCache.java");
    }

    private int lab(String... args) {
        out.reset();
        err.reset();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        return new Lab(root, o, e).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static void copyFile(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
