package leaklab.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The workshop tool's command line, run on a copy of the exercises so no real progress is touched. */
class LabTest {

    @TempDir
    Path root;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private LabCommand command = LabCommand.script();

    @BeforeEach
    void copy_the_exercises() {
        LabFixtures.copyExercises(root);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(
            strings = {
                "",
                "frobnicate",
                "hint",
                "hint nosuch",
                "verify nosuch",
                "reset nosuch",
                "verify timer timer",
                "verify --frobnicate timer",
                "list timer"
            })
    void a_bad_command_line_gets_a_one_line_error_the_usage_and_exit_code_2(String commandLine) {
        String[] args = commandLine.isEmpty() ? new String[0] : commandLine.split(" ");

        int status = lab(args);

        assertThat(status).isEqualTo(2);
        assertThat(out()).isEmpty();
        String[] lines = err().split("\n");
        assertThat(lines[0]).startsWith("lab: ");
        assertThat(lines[1]).startsWith("Usage: ./lab <command> [exercise]");
    }

    @Test
    void an_unknown_exercise_is_named_with_the_exercises_there_are() {
        lab("verify", "nosuch");

        assertThat(err()).containsPattern("^lab: unknown exercise \"nosuch\" \\(the exercises: timer(, [a-z]+)*\\)\n");
    }

    @Test
    void list_shows_a_fresh_exercise_as_not_started_with_no_hint_seen() {
        assertThat(lab("list")).isZero();

        assertThat(out()).containsPattern("1 +timer +not started +0/3 ").contains("Next: ./lab verify timer");
    }

    @Test
    void hints_are_revealed_one_at_a_time_and_remembered() {
        assertThat(lab("hint", "timer")).isZero();
        assertThat(out())
                .contains("Hint 1 of 3 for timer (a nudge):")
                .doesNotContain("Hint 2")
                .contains("./lab hint timer reveals hint 2");

        lab("hint", "timer");
        assertThat(out())
                .contains("Hint 1 of 3 for timer (a nudge), seen before:")
                .contains("Hint 2 of 3 for timer (stronger):")
                .doesNotContain("Hint 3");

        lab("hint", "timer");
        lab("hint", "timer");
        assertThat(out())
                .contains("Hint 3 of 3 for timer (nearly the answer), seen before:")
                .contains("That was the last hint.");
        lab("list");
        assertThat(out()).containsPattern("timer +not started +3/3 ");
        assertThat(root.resolve("exercises/.lab/progress.properties")).isRegularFile();
    }

    @Test
    void code_that_does_not_compile_is_reported_with_file_and_line_as_failing() throws IOException {
        Path cache = learnerFile();
        Files.writeString(cache, Files.readString(cache).replace("entries.clear();", "entries.clear()"));

        assertThat(lab("verify", "timer")).isEqualTo(1);

        assertThat(out())
                .contains("FAILING  timer: It does not compile:")
                .containsPattern("exercises/timer/src/main/java/leaklab/exercise/timer/RefreshingCache.java:\\d+:"
                        + " ';' expected");
    }

    @Test
    void a_fix_verifies_as_solved_and_reset_brings_the_starter_back_keeping_the_fix_aside() throws IOException {
        Path solution = root.resolve("exercises/reference/timer/solution/leaklab/exercise/timer/RefreshingCache.java");
        Files.copy(solution, learnerFile(), StandardCopyOption.REPLACE_EXISTING);

        assertThat(lab("verify", "timer")).isZero();
        // Then the tool points to the next exercise not yet solved, or says they all are.
        assertThat(out())
                .contains("SOLVED  timer: All 3 tests pass.")
                .containsPattern("Next: ./lab verify (?!timer)[a-z]+|Every exercise is solved\\.");
        lab("list");
        assertThat(out()).containsPattern("timer +solved ");

        assertThat(lab("reset", "timer")).isZero();
        assertThat(out())
                .contains("timer is back to its starter code in exercises/timer/src/main/java;")
                .contains("Your version is saved in exercises/.lab/saved/timer-");
        assertThat(learnerFile())
                .hasSameTextualContentAs(
                        root.resolve("exercises/reference/timer/starter/leaklab/exercise/timer/RefreshingCache.java"));
        try (Stream<Path> saved = Files.walk(root.resolve("exercises/.lab/saved"))) {
            assertThat(saved.filter(path -> path.endsWith("RefreshingCache.java")))
                    .singleElement()
                    .satisfies(path -> assertThat(path).content().contains("refresher.shutdownNow();"));
        }
        lab("list");
        assertThat(out()).containsPattern("timer +not started ");
        lab("reset", "timer");
        assertThat(out()).contains("timer already holds its starter code and no hint was seen; nothing to reset.");
    }

    @Test
    void reset_hides_the_hints_again_whether_the_code_changed_or_not() throws IOException {
        lab("hint", "timer");
        lab("hint", "timer");

        assertThat(lab("reset", "timer")).isZero();
        assertThat(out()).contains("timer already holds its starter code; its hints are hidden again (0 of 3 seen).");
        lab("list");
        assertThat(out()).containsPattern("timer +not started +0/3 ");

        lab("hint", "timer");
        Files.writeString(learnerFile(), Files.readString(learnerFile()) + "\n// tried something\n");
        lab("reset", "timer");
        assertThat(out())
                .contains("timer is back to its starter code in exercises/timer/src/main/java;"
                        + " its hints are hidden again (0 of 3 seen).");
        lab("hint", "timer");
        assertThat(out()).contains("Hint 1 of 3 for timer (a nudge):").doesNotContain("seen before");
    }

    /** Two natural wrong fixes of the thread exercise: close() waits for workers nobody woke. */
    enum HangingClose {
        JOIN_WITHOUT_INTERRUPT("""
                for (Thread worker : workers) {
                    try {
                        worker.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                """),
        BUSY_LOOP("""
                for (Thread worker : workers) {
                    while (worker.isAlive()) {
                        // until it has ended
                    }
                }
                """);

        final String code;

        HangingClose(String code) {
            this.code = code;
        }
    }

    @ParameterizedTest
    @EnumSource(HangingClose.class)
    @Timeout(value = 3, unit = TimeUnit.MINUTES) // a guard: without the tool's own limit, this would hang the build
    void a_close_that_never_returns_times_out_with_the_stack_of_the_stuck_call_and_leaves_nothing_behind(
            HangingClose wrongFix) throws IOException {
        LabFixtures.setTimeout(root, "thread", 3);
        LabFixtures.closeWith(LabFixtures.learnersWorkers(root), wrongFix.code);
        List<ProcessHandle> before = ProcessHandle.current().children().toList();

        assertThat(lab("verify", "thread")).isEqualTo(1);

        assertThat(out())
                .contains("FAILING  thread: timed out after 3 s: ImportWorkers.close() never returned.")
                .containsPattern("Stuck in: .+\n  The exercise's code, where it is stuck:\n"
                        + "    at leaklab\\.exercise\\.thread\\.ImportWorkers\\.close\\(ImportWorkers\\.java:\\d+\\)\n"
                        + "    at leaklab\\.exercise\\.thread\\.ImportWorkersTest\\.")
                .contains("Its tests get 3 s in all (timeout.seconds in exercises/thread/exercise.properties).")
                .contains("Fix exercises/thread/src/main/java/leaklab/exercise/thread/ImportWorkers.java");
        if (wrongFix == HangingClose.JOIN_WITHOUT_INTERRUPT) {
            assertThat(out())
                    .contains("  And what it called, where it waits or spins:\n    at java.lang.")
                    .contains("java.lang.Thread.join(");
        }
        assertThat(LabFixtures.workFoldersIn(root.resolve("tmp")))
                .as("work folders left behind")
                .isEmpty();
        assertThat(ProcessHandle.current().children().filter(child -> !before.contains(child)))
                .as("test JVMs left running")
                .isEmpty();
        lab("list");
        assertThat(out()).containsPattern("thread +failing ");
    }

    @Test
    void tests_that_are_all_disabled_are_reported_as_disabled_not_as_missing() throws IOException {
        Path test = root.resolve("exercises/timer/src/test/java/leaklab/exercise/timer/RefreshingCacheTest.java");
        Files.writeString(
                test,
                Files.readString(test)
                        .replace(
                                "\nclass RefreshingCacheTest",
                                "\n@org.junit.jupiter.api.Disabled\nclass RefreshingCacheTest"));

        assertThat(lab("verify", "timer")).isEqualTo(1);

        assertThat(out())
                .contains("FAILING  timer: No test ran: all 3 of the exercise's tests are disabled.\n"
                        + "Not run: 3 tests\n"
                        + "  RefreshingCacheTest (3 tests):"
                        + " class leaklab.exercise.timer.RefreshingCacheTest is @Disabled\n"
                        + "Remove the @Disabled (or what else skips them) in exercises/timer/src/test/java: a test"
                        + " that does not run cannot tell whether your fix works.")
                .doesNotContain("not found");
    }

    @Test
    void a_disabled_test_keeps_an_exercise_from_being_solved() throws IOException {
        Files.copy(
                root.resolve("exercises/reference/timer/solution/leaklab/exercise/timer/RefreshingCache.java"),
                learnerFile(),
                StandardCopyOption.REPLACE_EXISTING);
        Path test = root.resolve("exercises/timer/src/test/java/leaklab/exercise/timer/RefreshingCacheTest.java");
        Files.writeString(
                test,
                Files.readString(test)
                        .replace(
                                "    void a_closed_cache_can_be_garbage_collected()",
                                "    @org.junit.jupiter.api.Disabled(\"later\")\n    void a_closed_cache_can_be_garbage_collected()"));

        assertThat(lab("verify", "timer")).isEqualTo(1);

        assertThat(out())
                .contains("FAILING  timer: The 2 tests that ran pass, but not every test ran.")
                .contains("Not run: 1 test\n  a closed cache can be garbage collected: later\n")
                .contains("Then run ./lab verify timer again.");
    }

    @Test
    void tests_without_a_test_method_are_reported_as_not_found() throws IOException {
        Path test = root.resolve("exercises/timer/src/test/java/leaklab/exercise/timer/RefreshingCacheTest.java");
        Files.writeString(test, Files.readString(test).replace("    @Test\n", "\n"));

        assertThat(lab("verify", "timer")).isEqualTo(1);

        assertThat(out())
                .contains("FAILING  timer: No test ran: no test found in exercises/timer/src/test/java"
                        + " (is a method there annotated @Test?).");
    }

    @Test
    void the_heap_dump_is_kept_through_an_option_of_verify_which_the_leak_report_names() throws IOException {
        assertThat(lab("verify", "timer")).isEqualTo(1);
        assertThat(out())
                .contains("a closed cache can be garbage collected")
                .contains("To keep the heap dump for a heap analyser, run ./lab verify --keep-heap-dumps timer.")
                .doesNotContain("-Dleakcheck.keepHeapDumps");

        assertThat(lab("verify", "--keep-heap-dumps", "timer")).isEqualTo(1);
        assertThat(out())
                .containsPattern("Heap dump kept at exercises/.lab/heap-dumps/\\S+\\.hprof: open it in")
                .doesNotContain("-Dleakcheck.keepHeapDumps")
                .doesNotContain("To keep the heap dump");
        try (Stream<Path> files = Files.walk(root.resolve("exercises/.lab/heap-dumps"))) {
            assertThat(files.filter(file -> file.toString().endsWith(".hprof"))).hasSize(1);
        }
    }

    @Test
    void through_maven_every_message_names_the_maven_command() {
        command = LabCommand.maven(false);

        assertThat(lab("verify", "timer")).isEqualTo(1);

        String verify = "./mvnw -q -pl workshop -am process-classes exec:exec \"-Dlab.args=verify timer\"";
        assertThat(out())
                .contains("then run " + verify + " again.")
                .contains("./mvnw -q -pl workshop -am process-classes exec:exec \"-Dlab.args=hint timer\" shows hint 1")
                .contains("run ./mvnw -q -pl workshop -am process-classes exec:exec"
                        + " \"-Dlab.args=verify --keep-heap-dumps timer\".")
                .doesNotContain("./lab");
        lab("frobnicate");
        assertThat(err())
                .contains("Usage: ./mvnw -q -pl workshop -am process-classes exec:exec"
                        + " \"-Dlab.args=<command> [exercise]\"")
                .doesNotContain("./lab");
    }

    @Test
    void on_windows_the_maven_command_is_the_wrapper_for_cmd_and_powershell() {
        assertThat(LabCommand.maven(true).of("verify timer"))
                .isEqualTo(".\\mvnw.cmd -q -pl workshop -am process-classes exec:exec \"-Dlab.args=verify timer\"");
    }

    @Test
    void a_work_folder_whose_tool_is_gone_is_deleted_on_the_next_start_and_a_running_ones_is_not()
            throws IOException, InterruptedException {
        Process ended = new ProcessBuilder(LabFixtures.java(), "-version")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        ended.waitFor();
        Path tmp = root.resolve("tmp");
        Path stale = Files.createDirectories(tmp.resolve(WorkFolders.PREFIX + ended.pid() + "-thread-123"));
        Files.writeString(Files.createDirectories(stale.resolve("classes")).resolve("A.class"), "x");
        Path running = Files.createDirectories(
                tmp.resolve(WorkFolders.PREFIX + ProcessHandle.current().pid() + "-timer-456"));
        Path unrelated = Files.createDirectories(tmp.resolve("someone-else-" + ended.pid()));

        assertThat(lab("list")).isZero();

        assertThat(stale).doesNotExist();
        assertThat(running).isDirectory();
        assertThat(unrelated).isDirectory();
    }

    private Path learnerFile() {
        return root.resolve("exercises/timer/src/main/java/leaklab/exercise/timer/RefreshingCache.java");
    }

    private int lab(String... args) {
        out.reset();
        err.reset();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        return new Lab(root, command, new WorkFolders(root.resolve("tmp")), o, e).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
