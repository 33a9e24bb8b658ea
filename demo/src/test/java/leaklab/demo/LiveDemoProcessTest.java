package leaklab.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@link CountingDemo} in a JVM of its own, as a reader runs a demo, checked on its
 * exit code and on what it prints.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LiveDemoProcessTest {

    @Test
    void bad_input_prints_one_line_and_the_usage_and_exits_with_2() throws Exception {
        Run run = run("--rate", "fast");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr().lines().toList())
                .first().isEqualTo("CountingDemo: --rate: expected a whole number, got \"fast\"");
        assertThat(run.stderr().lines().skip(1).findFirst())
                .hasValueSatisfying(line -> assertThat(line).startsWith("usage: CountingDemo"));
        assertThat(run.stderr()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void a_heap_cap_above_the_heap_is_bad_input_too() throws Exception {
        Run run = run("--max-heap-used", "100g");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().lines().findFirst()).hasValueSatisfying(line -> assertThat(line)
                .startsWith("CountingDemo: --max-heap-used 100.0 GiB is not below the heap this JVM may grow to"));
    }

    @Test
    void a_csv_file_that_cannot_be_written_is_bad_input_too(@TempDir Path dir) throws Exception {
        Run run = run("--csv", dir.toString()); // a folder, not a file

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().lines().findFirst()).hasValueSatisfying(line -> assertThat(line)
                .startsWith("CountingDemo: --csv: cannot write " + dir));
    }

    @Test
    void help_prints_the_usage_and_exits_with_0() throws Exception {
        Run run = run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).startsWith("usage: CountingDemo").contains("operations per second");
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void a_run_prints_a_gauge_line_a_second_writes_the_csv_and_exits_with_0(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("charts/gauge.csv");
        Run run = run("--duration", "1s", "--rate", "20", "--csv", csv.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.stderr()).isEmpty();
        assertThat(run.stdout()).contains("CountingDemo (pid ", "jcmd ", "Stopped after 1 s, as --duration asked.");
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).isEqualTo("seconds,threads,heapUsedBytes,heapAfterGcBytes,operations");
        assertThat(rows.get(1)).startsWith("0,").endsWith(",0");
        assertThat(rows.get(2)).startsWith("1,");
        assertThat(Long.parseLong(rows.get(2).substring(rows.get(2).lastIndexOf(',') + 1))).isBetween(1L, 21L);
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }

    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), CountingDemo.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("demo-out", ".txt");
        Path err = Files.createTempFile("demo-err", ".txt");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the demo did not end within 30 s: " + command);
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
