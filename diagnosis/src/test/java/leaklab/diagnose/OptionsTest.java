package leaklab.diagnose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The command line: what it accepts, and the one line it answers bad input with. */
class OptionsTest {

    @Test
    void a_pid_alone_samples_for_the_default_window_and_may_dump() throws DiagnoseException {
        Options options = Options.parse("4711");
        assertThat(options.target()).isEqualTo("4711");
        assertThat(options.duration()).isEqualTo(Options.DEFAULT_DURATION);
        assertThat(options.dump()).isTrue();
        assertThat(options.keep()).isFalse();
        assertThat(options.maxDumpBytes()).isEqualTo(512L << 20);
    }

    @Test
    void every_option_for_a_live_jvm() throws DiagnoseException {
        Options options =
                Options.parse("leaklab.timer.TimerDemo", "--duration", "1m", "--json", "--max-dump", "2g", "--keep");
        assertThat(options.duration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(options.json()).isTrue();
        assertThat(options.maxDumpBytes()).isEqualTo(2L << 30);
        assertThat(options.keep()).isTrue();
    }

    @Test
    void a_heap_dump_with_or_without_a_class() throws DiagnoseException {
        Options options = Options.parse("--heap-dump", "app.hprof", "--class", "leaklab.timer.Session");
        assertThat(options.heapDump()).isEqualTo(Path.of("app.hprof"));
        assertThat(options.className()).isEqualTo("leaklab.timer.Session");
        assertThat(Options.parse("--heap-dump", "app.hprof").className()).isNull();
    }

    @Test
    void bad_input_is_one_line_with_the_usage_exit_code() {
        assertBad("unknown option --fast", "4711", "--fast");
        assertBad("which JVM? give its pid or its main class (jcmd lists the JVMs you can attach to)");
        assertBad("one JVM at a time: got \"1\" and \"2\"", "1", "2");
        assertBad(
                "--duration: 2s is outside 4s to 10m (a leak is told from noise over several collections)",
                "1",
                "--duration",
                "2s");
        assertBad("--duration: expected a time such as 20s or 2m, got \"soon\"", "1", "--duration", "soon");
        assertBad("--max-dump: expected a size such as 512m or 2g, got \"lots\"", "1", "--max-dump", "lots");
        assertBad("--duration needs a value", "1", "--duration");
        assertBad("--keep keeps the heap dump, and --no-dump takes none: choose one", "1", "--no-dump", "--keep");
        assertBad(
                "--class goes with --heap-dump; against a live JVM the tool finds the class itself",
                "1",
                "--class",
                "X");
        assertBad(
                "--duration, --max-dump, --no-dump and --keep are for a live JVM, not for --heap-dump",
                "--heap-dump",
                "a.hprof",
                "--keep");
    }

    static void assertBad(String message, String... args) {
        assertThatThrownBy(() -> Options.parse(args))
                .isInstanceOf(DiagnoseException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((DiagnoseException) e).exit()).isEqualTo(Exit.USAGE));
    }
}
