package leaklab.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cap of the demo's own ({@link LiveDemo#capAfterGc}), checked before every operation, and
 * figures taken after a GC ({@link LiveDemo#figuresAfterGc}), end to end: {@link DirectBufferDemo}
 * in a JVM of its own, keeping its direct buffers or dropping them.
 */
class OwnCapsProcessTest {

    @Test
    void a_demo_that_keeps_what_its_cap_measures_stops_at_the_cap_before_the_next_operation(@TempDir Path dir)
            throws Exception {
        Path csv = dir.resolve("gauge.csv");
        String out = run(dir, "keep", "--rate", "200", "--duration", "30s", "--csv", csv.toString());

        long capMiB = DirectBufferDemo.CAP_BYTES >> 20;
        assertThat(out)
                .contains(
                        "the direct buffers' capacity after a GC passes " + capMiB + ".0 MiB",
                        "Stopped after",
                        "the direct buffers' capacity, ",
                        " after a GC, passed the " + capMiB + ".0 MiB cap");
        // Checked before every operation: the run stopped at the first operation that would have
        // taken the capacity past the cap (the JVM may hold a small direct buffer of its own).
        List<String[]> rows = rows(csv);
        String[] last = rows.get(rows.size() - 1);
        long operations = Long.parseLong(last[column(csv, "operations")]);
        long capacity = Long.parseLong(last[column(csv, "directBytes")]);
        assertThat(operations).isBetween(capMiB, capMiB + 1);
        assertThat(capacity)
                .isGreaterThan(DirectBufferDemo.CAP_BYTES)
                .isLessThan(DirectBufferDemo.CAP_BYTES + (2L << 20));
        assertThat(capacity - (operations << 20))
                .as("direct capacity the demo did not allocate")
                .isLessThan(1L << 20);
    }

    @Test
    void a_demo_that_drops_what_its_cap_measures_runs_its_course_and_every_line_follows_a_gc(@TempDir Path dir)
            throws Exception {
        Path csv = dir.resolve("gauge.csv");
        String out = run(dir, "drop", "--rate", "50", "--duration", "3s", "--csv", csv.toString());

        assertThat(out)
                .contains(
                        "Each line of figures is taken after a full GC",
                        "as --duration asked",
                        "No leak in these figures");
        List<String[]> rows = rows(csv);
        int gcs = column(csv, "collections");
        for (int i = 1; i < rows.size(); i++) {
            assertThat(Long.parseLong(rows.get(i)[gcs]))
                    .as("collections at row %d", i)
                    .isGreaterThan(Long.parseLong(rows.get(i - 1)[gcs]));
        }
        // After the GC and the cleaners, the dropped buffers are gone: none of them is counted.
        for (String[] row : rows) {
            assertThat(Long.parseLong(row[column(csv, "directBytes")])).isLessThan(1L << 20);
        }
    }

    private static String run(Path dir, String keepOrDrop, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                DirectBufferDemo.class.getName(),
                keepOrDrop));
        command.addAll(List.of(options));
        Path out = dir.resolve("out.txt");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the demo did not end within 60 s: " + command);
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("exit code; it printed:%n%s", text).isZero();
        return text;
    }

    private static List<String[]> rows(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        return lines.subList(1, lines.size()).stream()
                .map(line -> line.split(","))
                .toList();
    }

    private static int column(Path csv, String name) throws Exception {
        return List.of(Files.readAllLines(csv).get(0).split(",")).indexOf(name);
    }
}
