package io.github.leaklab.leakcheck.examples.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures what the start stacks cost (see {@link ThreadStartCost}): three fresh JVMs with the
 * JFR recording on, three with it off ({@code -Dleakcheck.threadStarts=false}). Prints the figures;
 * asserts only that the stacks are there when on and absent when off.
 */
@Tag("measurement") // a measurement to report, run on demand (see the pom), not in every build
class ThreadStartCostTest {

    @Test
    void what_recording_thread_starts_costs_a_fresh_jvm() throws Exception {
        List<String> on = new ArrayList<>();
        List<String> off = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            on.add(launch(true));
            off.add(launch(false));
        }
        System.out.println("Where threads start, JFR jdk.ThreadStart, per fresh JVM (" + ThreadStartCost.THREADS
                + " thread starts; Java " + Runtime.version().feature() + "):");
        on.forEach(line -> System.out.println("  on:  " + line));
        off.forEach(line -> System.out.println("  off: " + line));

        assertThat(on).allMatch(line -> line.endsWith("start stack shown"));
        assertThat(off).allMatch(line -> line.endsWith("start stack absent"));
    }

    private static String launch(boolean recording) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx64m",
                        "-XX:TieredStopAtLevel=1",
                        "-Dleakcheck.threadStarts=" + recording,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ThreadStartCost.class.getName())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        String[] lines = output.split("\n");
        return lines[lines.length - 1];
    }
}
