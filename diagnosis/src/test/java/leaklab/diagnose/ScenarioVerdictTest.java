package leaklab.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import leaklab.catalog.ExpectedVerdict;
import leaklab.catalog.Scenario;
import leaklab.catalog.ScenarioCatalog;
import leaklab.catalog.Side;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tool against every catalogued scenario's live demo, each in a JVM of its own: the leaking
 * demo must get the verdict its descriptor names ({@code diagnose.verdict}, {@code diagnose.suspect};
 * for a heap leak, a path through the scenario's own code), the fixed demo "no leak found". Two
 * cases run at a time; each demo is stopped when its case ends.
 */
@Execution(ExecutionMode.CONCURRENT)
class ScenarioVerdictTest {

    /** The tool's window: each demo runs at its descriptor's diagnose.rate, to leak visibly in it. */
    static final String WINDOW = "6s";

    static Stream<Arguments> every_scenario_and_side() {
        List<Arguments> cases = new ArrayList<>();
        for (Scenario scenario : ScenarioCatalog.in(Jvm.ROOT).all()) {
            for (Side side : Side.values()) {
                cases.add(Arguments.of(scenario.name(), side));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("every_scenario_and_side")
    void the_leaking_demo_gets_its_verdict_and_the_fixed_demo_no_leak(String name, Side side, @TempDir Path tmp)
            throws Exception {
        Scenario scenario = ScenarioCatalog.in(Jvm.ROOT).find(name).orElseThrow();
        ExpectedVerdict expected = scenario.expectedVerdict()
                .orElseThrow(
                        () -> new AssertionError(
                                scenario.descriptor()
                                        + " has no diagnose.verdict and diagnose.suspect: add what ./diagnose must conclude about its leaking demo"));
        try (Jvm demo = Jvm.start(demoCommand(scenario, side, expected.rate()))) {
            demo.awaitOutput("   0s "); // the first gauge line: the workload runs
            Jvm.Result result = Jvm.runTool(
                    List.of("-Xmx256m", "-Djava.io.tmpdir=" + tmp),
                    Long.toString(demo.pid()),
                    "--duration",
                    WINDOW,
                    "--json");
            JsonObject json = parse(result);
            JsonObject verdict = json.getAsJsonObject("verdict");
            JsonObject heap = json.getAsJsonObject("whoHoldsIt");
            System.out.printf(
                    Locale.ROOT,
                    "diagnose %s %s: %s %s, verdict after %.1f s%s%n",
                    name,
                    side,
                    verdict.get("kind").getAsString(),
                    verdict.get("suspect").getAsString(),
                    json.get("millisToVerdict").getAsLong() / 1000.0,
                    heap.get("dumped").getAsBoolean()
                            ? String.format(
                                    Locale.ROOT,
                                    " (heap analysis %.1f s on a %d MiB dump)",
                                    heap.get("analysisMillis").getAsLong() / 1000.0,
                                    heap.get("dumpBytes").getAsLong() >> 20)
                            : "");

            if (side == Side.FIXED) {
                assertThat(verdict.get("kind").getAsString()).as(result.out()).isEqualTo("no-leak");
                assertThat(result.exit()).isEqualTo(Exit.NO_LEAK.code());
                assertThat(result.err()).doesNotContain("heap dump");
            } else {
                assertThat(verdict.get("kind").getAsString()).as(result.out()).isEqualTo(expected.kind());
                assertThat(result.exit()).isEqualTo(Exit.LEAK.code());
                String suspect = verdict.get("suspect").getAsString();
                if (expected.kind().equals(ExpectedVerdict.THREAD_LEAK)) {
                    assertThat(suspect).as(result.out()).startsWith(expected.suspect());
                } else {
                    assertThat(suspect).as(result.out()).isEqualTo(expected.suspect());
                }
                if (expected.kind().equals(ExpectedVerdict.HEAP_LEAK)) {
                    assertThat(owners(verdict.getAsJsonArray("path")))
                            .as("the path's hops " + verdict.get("path"))
                            .containsAnyElementsOf(classesOf(scenario.module(Side.LEAKING)));
                    // The tool pauses the target for one heap dump, no more, and says so.
                    assertThat(result.err().lines().filter(l -> l.contains("taking one heap dump")))
                            .hasSize(1);
                }
            }
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).as("what the tool left in its temporary folder").isEmpty();
        }
    }

    static JsonObject parse(Jvm.Result result) {
        assertThat(result.out())
                .as("the tool's output; its errors: " + result.err())
                .startsWith("{");
        return JsonParser.parseString(result.out()).getAsJsonObject();
    }

    /** The demo's JVM, as the book's evidence starts it: the module's classes and test classpath. */
    static List<String> demoCommand(Scenario scenario, Side side, int rate) throws IOException {
        Path module = scenario.module(side);
        String classpath = module.resolve("target/classes") + ":"
                + Files.readString(module.resolve("target/test.classpath")).trim();
        return List.of(
                Jvm.JAVA,
                "-Xmx256m",
                "-cp",
                classpath,
                scenario.demoMain(),
                "--rate",
                Integer.toString(rate),
                "--duration",
                "120s");
    }

    /** The class of each hop: {@code Session$$Lambda.arg$1} is {@code Session}'s lambda, {@code TimerTask[3]} a TimerTask array. */
    static Set<String> owners(JsonArray path) {
        Set<String> owners = new HashSet<>();
        path.forEach(hop -> {
            String text = hop.getAsString();
            String owner = text.replaceFirst("(\\[\\d*]|\\.[^.]+)$", "").replace("$$Lambda", "");
            owners.add(owner);
        });
        return owners;
    }

    /** The scenario's classes by simple binary name: {@code Session}, {@code Session$CloseWhenIdle}. */
    static Set<String> classesOf(Path module) {
        Path classes = module.resolve("target/classes");
        try (Stream<Path> files = Files.walk(classes)) {
            return files.map(Path::getFileName)
                    .map(Path::toString)
                    .filter(f -> f.endsWith(".class"))
                    .map(f -> f.substring(0, f.length() - ".class".length()))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
