package leaklab.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@link CountingDemo} in a JVM of its own, as a reader runs a demo, checked on its
 * exit code and on what it prints.
 */
class LiveDemoProcessTest {

    @Test
    void bad_input_prints_one_line_and_the_usage_and_exits_with_2() throws Exception {
        Run run = run("--rate", "fast");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr().lines().toList())
                .first()
                .isEqualTo("CountingDemo: --rate: expected a whole number, got \"fast\"");
        assertThat(run.stderr().lines().skip(1).findFirst())
                .hasValueSatisfying(line -> assertThat(line).startsWith("usage: CountingDemo"));
        assertThat(run.stderr()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void a_heap_cap_above_the_heap_is_bad_input_too() throws Exception {
        Run run = run("--max-heap-used", "100g");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().lines().findFirst())
                .hasValueSatisfying(line -> assertThat(line)
                        .startsWith(
                                "CountingDemo: --max-heap-used 100.0 GiB is not below the heap this JVM may grow to"));
    }

    @Test
    void a_csv_file_that_cannot_be_written_is_bad_input_too(@TempDir Path dir) throws Exception {
        Run run = run("--csv", dir.toString()); // a folder, not a file

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().lines().findFirst())
                .hasValueSatisfying(line -> assertThat(line).startsWith("CountingDemo: --csv: cannot write " + dir));
    }

    @Test
    void help_prints_the_usage_and_exits_with_0() throws Exception {
        Run run = run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).startsWith("usage: CountingDemo").contains("operations per second");
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void a_run_with_looks_pauses_at_each_goes_on_at_a_line_and_stops_at_the_end_of_its_input(@TempDir Path dir)
            throws Exception {
        Path csv = dir.resolve("charts/gauge.csv");
        Process demo = start("--rate", "500", "--look-at", "5,10", "--csv", csv.toString());
        try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
                OutputStream in = demo.getOutputStream()) {
            assertThat(readUntil(out, "look 1 of 2")).startsWith("look 1 of 2: paused after 5 operations");
            in.write('\n'); // go on
            in.flush();
            assertThat(readUntil(out, "look 2 of 2")).startsWith("look 2 of 2: paused after 10 operations");
            in.close(); // the end of input: stop
            String rest = readUntil(out, null);
            assertThat(demo.waitFor(30, TimeUnit.SECONDS))
                    .as("the demo stops once its input ends")
                    .isTrue();
            assertThat(demo.exitValue()).isZero();
            assertThat(rest).contains("Stopped after", "the end of standard input asked it to stop", "Verdict: ");
        } finally {
            demo.destroyForcibly();
        }
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).isEqualTo("seconds,operations,threads,heapUsedBytes,heapAfterGcBytes,counted");
        // A row at each look, written when the workload paused there: the figures at that point.
        assertThat(rows).anySatisfy(row -> assertThat(row.split(",")[1]).isEqualTo("5"));
        assertThat(rows).anySatisfy(row -> assertThat(row.split(",")[1]).isEqualTo("10"));
        assertThat(rows.stream()
                        .mapToLong(row -> row.startsWith("seconds") ? 0 : Long.parseLong(row.split(",")[1]))
                        .max())
                .hasValue(10);
    }

    @Test
    void a_demo_stopped_by_a_signal_still_prints_its_summary() throws Exception {
        Process demo = start("--rate", "100", "--duration", "10m");
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
            readUntil(out, "    0s");
            demo.toHandle().destroy(); // SIGTERM, like Ctrl-C: the JVM runs its shutdown hooks
            String rest = readUntil(out, null);
            assertThat(demo.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(rest).contains("Stopped after", "interrupted", "Verdict: ");
        } finally {
            demo.destroyForcibly();
        }
    }

    @Test
    void a_demo_that_leaks_descriptors_stops_at_half_the_process_limit() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "a shell that sets the limit (ulimit -n)");
        List<String> command = new ArrayList<>(List.of(
                "/bin/sh",
                "-c",
                "ulimit -n 256 && exec \"$@\"",
                "sh",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                FileLeakingDemo.class.getName(),
                "--rate",
                "200",
                "--duration",
                "5m"));
        Process demo = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(readUntil(out, "FileLeakingDemo (pid "))
                    .endsWith("or the open files pass 128 (half this process's limit, 256).");
            String rest = readUntil(out, null);
            assertThat(demo.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(demo.exitValue()).isZero();
            // Checked every 20 ms: at 200 files a second, it stops a few files past the cap.
            assertThat(rest)
                    .containsPattern("Stopped after \\d+ s, the open files, 1[23]\\d, passed 128, half this"
                            + " process's limit of 256 \\(ulimit -n\\)")
                    .contains("Too many open files");
        } finally {
            demo.destroyForcibly();
        }
    }

    private static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                CountingDemo.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** Reads lines until one starts with {@code prefix} (returned), or to the end (everything, for null). */
    private static String readUntil(BufferedReader out, String prefix) throws IOException {
        StringBuilder all = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            if (prefix != null && line.startsWith(prefix)) {
                return line;
            }
            all.append(line).append('\n');
        }
        if (prefix != null) {
            throw new AssertionError("the demo ended without printing \"" + prefix + "\"; it printed:\n" + all);
        }
        return all.toString();
    }

    private record Run(int exitCode, String stdout, String stderr) {}

    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                CountingDemo.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("demo-out", ".txt");
        Path err = Files.createTempFile("demo-err", ".txt");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the demo did not end within 30 s: " + command);
            }
            return new Run(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
