package leaklab.diagnose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.leaklab.leakcheck.heap.HeapDump;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Each bad input gets one line on standard error that says what to do, its own exit code, no
 * stack trace, and leaves no file behind. The tool runs in a JVM of its own where that matters (as
 * another user, with a small heap, its target ending under it), else its main code runs here.
 */
@Execution(ExecutionMode.CONCURRENT)
class BadInputTest {

    @TempDir
    static Path dir;
    /** A heap dump of this JVM, holding {@link #MARKERS} markers in a static list. */
    static Path dump;

    static final List<Object> MARKERS = new ArrayList<>();
    static final int MARKER_COUNT = 1_000;

    static final class Marker {}

    @BeforeAll
    static void dumpThisJvm() throws IOException {
        for (int i = 0; i < MARKER_COUNT; i++) {
            MARKERS.add(new Marker());
        }
        dump = dir.resolve("this-jvm.hprof");
        HeapDump.ofThisJvm(dump, true).close();
    }

    @Test
    void a_pid_that_no_process_has() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Jvm.Result result = Jvm.runHere(Long.toString(gone.pid()));
        assertOneLineError(result, Exit.NO_SUCH_PROCESS, "no process has pid " + gone.pid());
    }

    @Test
    void a_main_class_that_no_jvm_runs() throws Exception {
        Jvm.Result result = Jvm.runHere("no.such.MainClass");
        assertOneLineError(result, Exit.NO_SUCH_PROCESS, "no JVM of yours runs a main class named no.such.MainClass");
    }

    @Test
    void a_process_that_is_not_a_jvm_is_left_alone() throws Exception {
        try (Jvm sleep = Jvm.start(List.of("sleep", "120"))) {
            Jvm.Result result = Jvm.runHere(Long.toString(sleep.pid()));
            assertOneLineError(result, Exit.NOT_A_JVM, "process " + sleep.pid() + " (sleep) is not a JVM");
            // No attach was tried: HotSpot's attach starts with a SIGQUIT, which would have ended it.
            assertThat(sleep.process().isAlive()).isTrue();
        }
    }

    @Test
    void a_jvm_that_refuses_every_attach() throws Exception {
        try (Jvm refusing = Jvm.start(Idle.command("-XX:+DisableAttachMechanism"))) {
            refusing.awaitOutput("idle, pid");
            Jvm.Result result = Jvm.runHere(Long.toString(refusing.pid()));
            assertOneLineError(result, Exit.ATTACH_REFUSED, "was started with -XX:+DisableAttachMechanism");
            assertThat(refusing.output())
                    .as("no thread dump printed by a SIGQUIT")
                    .doesNotContain("Full thread dump");
        }
    }

    @Test
    void a_jvm_of_another_user() throws Exception {
        boolean root = Proc.me().orElse(-1) == 0;
        Jvm.Result result;
        if (root) {
            // As root, run the tool as nobody (setpriv, util-linux) against this JVM, which root owns.
            List<String> command =
                    new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
            command.addAll(Jvm.tool(
                    List.of("-Xmx64m"), Long.toString(ProcessHandle.current().pid())));
            Jvm tool;
            try {
                tool = Jvm.start(command);
            } catch (IOException noSetpriv) {
                assumeThat(noSetpriv)
                        .as("setpriv, to run the tool as another user")
                        .isNull();
                return;
            }
            try (tool) {
                result = tool.await();
            }
            assumeThat(result.err()).as("the tool could run as nobody").doesNotContain("ClassNotFoundException");
        } else {
            // Not root: process 1 belongs to root.
            assumeThat(new Proc(1).owner()).hasValue(0);
            result = Jvm.runTool(List.of(), "1");
        }
        assertOneLineError(result, Exit.ATTACH_REFUSED, "belongs to user");
    }

    @Test
    void a_jvm_that_exits_during_sampling(@TempDir Path tmp) throws Exception {
        try (Jvm target = Jvm.start(Idle.command());
                Jvm tool = Jvm.start(
                        Jvm.tool(List.of("-Djava.io.tmpdir=" + tmp), waitForPid(target), "--duration", "60s"))) {
            tool.awaitOutput("diagnose: sampling the JVM");
            target.process().getOutputStream().close(); // the end of its input: it exits
            Jvm.Result result = tool.await();
            // The progress lines before it, then the one line of the problem.
            List<String> lines = result.err().lines().toList();
            assertThat(result.exit()).as(result.err()).isEqualTo(Exit.TARGET_EXITED.code());
            assertThat(lines.get(lines.size() - 1))
                    .startsWith("diagnose: the JVM " + target.pid() + " exited during sampling");
            assertThat(result.err()).doesNotContain("\tat ").doesNotContain("Exception");
            try (var left = Files.list(tmp)) {
                assertThat(left).as("what the tool left behind").isEmpty();
            }
        }
    }

    @Test
    void a_heap_dump_that_is_missing() throws Exception {
        Jvm.Result result =
                Jvm.runHere("--heap-dump", dir.resolve("nothing-here.hprof").toString());
        assertOneLineError(result, Exit.DUMP_MISSING, "nothing-here.hprof");
    }

    @Test
    void a_file_that_is_not_a_heap_dump() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.hprof"), "not a heap dump\n", StandardCharsets.UTF_8);
        Jvm.Result result = Jvm.runHere("--heap-dump", text.toString());
        assertOneLineError(result, Exit.DUMP_NOT_HPROF, "notes.hprof");
    }

    @Test
    void a_heap_dump_cut_short() throws Exception {
        Path truncated = dir.resolve("truncated.hprof");
        try (InputStream in = Files.newInputStream(dump);
                OutputStream out = Files.newOutputStream(truncated)) {
            out.write(in.readNBytes((int) (Files.size(dump) / 2)));
        }
        Jvm.Result result = Jvm.runHere("--heap-dump", truncated.toString());
        assertOneLineError(result, Exit.DUMP_TRUNCATED, "truncated.hprof");
    }

    @Test
    void a_heap_dump_too_big_for_the_tools_memory() throws Exception {
        // The tool's heap is a quarter of the dump: it refuses before it reads a byte.
        long quarter = Math.max(Files.size(dump) / 4, 4L << 20) >> 20;
        assumeThat(Files.size(dump) / 2).isGreaterThan(quarter << 20);
        Jvm.Result result = Jvm.runTool(List.of("-Xmx" + quarter + "m"), "--heap-dump", dump.toString());
        assertOneLineError(result, Exit.TOO_BIG, "too big for this tool's memory");
        assertThat(result.err()).contains("JAVA_OPTS=-Xmx");
    }

    @Test
    void a_bad_command_line() throws Exception {
        assertOneLineError(Jvm.runHere("--frobnicate"), Exit.USAGE, "unknown option --frobnicate");
        assertOneLineError(Jvm.runHere("1234", "--duration", "1s"), Exit.USAGE, "--duration: 1s is outside");
        assertOneLineError(Jvm.runHere("--heap-dump", dump.toString(), "1234"), Exit.USAGE, "--heap-dump");
    }

    @Test
    void a_good_heap_dump_gets_the_paths_to_the_class_asked_for() throws Exception {
        Jvm.Result result = Jvm.runHere("--heap-dump", dump.toString(), "--class", Marker.class.getName());
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out())
                .contains(MARKER_COUNT + " of " + MARKER_COUNT + " instances of "
                        + Marker.class.getName()
                        + " are strongly reachable")
                .contains("BadInputTest.MARKERS");
    }

    @Test
    void a_good_heap_dump_without_a_class_gets_the_classes_that_retain_the_most() throws Exception {
        Jvm.Result result = Jvm.runHere("--heap-dump", dump.toString(), "--json");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("\"classes\": [\n")
                .contains("\"retainedBytes\"")
                .contains("\"groups\"");
    }

    static String waitForPid(Jvm target) throws Exception {
        target.awaitOutput("idle, pid");
        return Long.toString(target.pid());
    }

    /** One line, which names the problem and says what to do; the exit code of that problem; no stack trace. */
    static void assertOneLineError(Jvm.Result result, Exit exit, String text) {
        assertThat(result.exit()).as("exit code; stderr: " + result.err()).isEqualTo(exit.code());
        assertThat(result.err().lines().toList())
                .as("standard error")
                .hasSize(1)
                .singleElement()
                .asString()
                .startsWith("diagnose: ")
                .contains(text);
        assertThat(result.err()).doesNotContain("\tat ").doesNotContain("Exception:");
        assertThat(result.out()).isEmpty();
    }
}
