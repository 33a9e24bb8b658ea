package io.github.leaklab.leakcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each case of {@link FreshJvmCases} in a JVM of its own, with the default flags and with
 * {@code -XX:+DisableExplicitGC} (where {@code System.gc()} does nothing): the verdict must not change.
 * The JVMs run two at a time.
 */
class FreshJvmTest {

    static final String DISABLE_EXPLICIT_GC = "-XX:+DisableExplicitGC";
    private static final ExecutorService LAUNCHER = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "fresh-jvm-launcher");
        thread.setDaemon(true);
        return thread;
    });
    private static final Map<String, Future<Run>> RUNS = new ConcurrentHashMap<>();

    record Run(int exitCode, String output) {
        String verdict() {
            String[] lines = output.strip().split("\n");
            String last = lines[lines.length - 1];
            return last.startsWith("VERDICT ") ? last.substring("VERDICT ".length()) : "(no verdict: " + output + ")";
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>(List.of(
                Arguments.of("thread-timer", "", Verdict.LEAK),
                Arguments.of("thread-ends-after-80-ms", "", Verdict.CLEAN),
                Arguments.of("object-held", "", Verdict.LEAK),
                Arguments.of("object-dropped", "", Verdict.CLEAN),
                Arguments.of("fd-held", "", Verdict.LEAK),
                Arguments.of("fd-closed-after-the-first-temp-file", "", Verdict.CLEAN),
                Arguments.of("fd-dropped-after-the-first-temp-file", "", Verdict.UNTIL_GC),
                // The verdicts that rest on garbage collections, where System.gc() does nothing:
                Arguments.of("object-held", DISABLE_EXPLICIT_GC, Verdict.LEAK),
                Arguments.of("object-dropped", DISABLE_EXPLICIT_GC, Verdict.CLEAN),
                Arguments.of("fd-dropped", DISABLE_EXPLICIT_GC, Verdict.UNTIL_GC),
                Arguments.of("fd-closed-after-the-first-temp-file", DISABLE_EXPLICIT_GC, Verdict.CLEAN)));
        // Start them all now, two at a time; each test waits for its own.
        for (Arguments arguments : cases) {
            String name = (String) arguments.get()[0];
            String flag = (String) arguments.get()[1];
            RUNS.computeIfAbsent(name + " " + flag, key -> LAUNCHER.submit(() -> launch(name, flag)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("cases")
    void the_verdict_in_a_fresh_jvm_is_the_true_one(String name, String flag, Verdict expected) throws Exception {
        Run run = RUNS.get(name + " " + flag).get(2, TimeUnit.MINUTES);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.verdict()).as(run.output()).isEqualTo(expected.name());
    }

    @AfterAll
    static void stopTheLauncher() {
        LAUNCHER.shutdownNow();
    }

    static Run launch(String name, String flag) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-XX:TieredStopAtLevel=1",
                "-Dleakcheck.fdHolders=false"));
        if (!flag.isEmpty()) {
            command.add(flag);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FreshJvmCases.class.getName(), name));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        return new Run(process.exitValue(), output);
    }
}
