package leaklab.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tool stopped in the middle of a verify that hangs, as a learner stops it: Ctrl-C (SIGINT),
 * {@code kill} (SIGTERM), or {@code kill -9}. It runs in a JVM of its own here, with the
 * temporary folder pointed at this test's, so what it leaves behind can be seen.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "sends POSIX signals")
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a guard: a tool that does not stop would hang the build
class StoppingTheToolTest {

    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @TempDir
    Path root;

    private Path tmp;

    @BeforeEach
    void a_thread_exercise_whose_close_never_returns() throws IOException {
        LabFixtures.copyExercises(root);
        LabFixtures.closeWith(LabFixtures.learnersWorkers(root), """
                for (Thread worker : workers) {
                    while (worker.isAlive()) {
                        // until it has ended
                    }
                }
                """);
        tmp = Files.createDirectories(root.resolve("tmp"));
    }

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"INT", "TERM", "HUP"})
    void a_stopped_tool_ends_its_test_jvm_and_deletes_its_work_folder(String signal) throws Exception {
        // A JVM leaves alone a signal ignored when it started, as SIGINT is under a shell's background job.
        assumeFalse(ignoredHere(signal), "SIG" + signal + " is ignored by this build's JVM, so by the tool's too");
        Process lab = startVerify();
        List<ProcessHandle> testJvms = awaitTheTestJvm(lab);

        new ProcessBuilder("kill", "-" + signal, Long.toString(lab.pid()))
                .inheritIO()
                .start()
                .waitFor();

        assertThat(lab.waitFor(GENEROUS.toSeconds(), TimeUnit.SECONDS))
                .as("the tool ended")
                .isTrue();
        assertThat(lab.exitValue()).isNotZero();
        for (ProcessHandle testJvm : testJvms) {
            assertThat(testJvm.isAlive()).as("the test JVM %d", testJvm.pid()).isFalse();
        }
        assertThat(LabFixtures.workFoldersIn(tmp))
                .as("work folders left behind")
                .isEmpty();
        assertThat(new String(lab.getErrorStream().readAllBytes()))
                .contains("lab: stopped; the test JVM verifying thread is ended and its work folder deleted.");
    }

    @Test
    void a_killed_tool_takes_its_test_jvm_along_and_the_next_start_deletes_its_work_folder() throws Exception {
        Process lab = startVerify();
        List<ProcessHandle> testJvms = awaitTheTestJvm(lab);

        lab.destroyForcibly(); // SIGKILL: no shutdown hook runs
        lab.waitFor(GENEROUS.toSeconds(), TimeUnit.SECONDS);

        // The test JVM sees its standard input close, and halts.
        for (ProcessHandle testJvm : testJvms) {
            await("test JVM " + testJvm.pid() + " ends").atMost(GENEROUS).until(() -> !testJvm.isAlive());
        }
        assertThat(LabFixtures.workFoldersIn(tmp))
                .as("the killed run's folder, still there")
                .hasSize(1);
        Process list =
                new ProcessBuilder(labCommand("list")).redirectErrorStream(true).start();
        list.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertThat(list.waitFor(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(list.exitValue()).isZero();
        assertThat(LabFixtures.workFoldersIn(tmp))
                .as("work folders after the next start")
                .isEmpty();
    }

    private Process startVerify() throws IOException {
        return new ProcessBuilder(labCommand("verify", "thread"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** Whether {@code signal} is ignored by this JVM, and so by those it starts (Linux tells; elsewhere, no). */
    private static boolean ignoredHere(String signal) throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        int number = switch (signal) {
            case "HUP" -> 1;
            case "INT" -> 2;
            default -> 15;
        };
        return Files.readAllLines(status).stream()
                .filter(line -> line.startsWith("SigIgn:"))
                .map(line -> new BigInteger(line.substring("SigIgn:".length()).strip(), 16))
                .anyMatch(mask -> mask.testBit(number - 1));
    }

    /** Until the tool has started the JVM that runs the tests, and made its work folder. */
    private List<ProcessHandle> awaitTheTestJvm(Process lab) throws IOException {
        await("the tool starts the test JVM")
                .atMost(GENEROUS)
                .until(() -> lab.toHandle().children().anyMatch(ProcessHandle::isAlive));
        assertThat(LabFixtures.workFoldersIn(tmp)).hasSize(1);
        return lab.toHandle().children().toList();
    }

    private List<String> labCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(
                LabFixtures.java(),
                "-Djava.io.tmpdir=" + tmp,
                "-Dleaklab.root=" + root,
                "-cp",
                System.getProperty("java.class.path"),
                Lab.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
