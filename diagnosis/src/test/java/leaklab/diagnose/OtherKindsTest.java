package leaklab.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The verdict kinds that no catalogued scenario shows yet, on {@link Leaker}: open files that pile
 * up are a file-descriptor leak of kind {@code file}; direct buffers that pile up are a direct
 * memory leak, traced from a GC root to the list that keeps them.
 */
@Execution(ExecutionMode.CONCURRENT)
class OtherKindsTest {

    @ParameterizedTest(name = "{0}: {1} {2}")
    @CsvSource({"files, fd-leak, file", "direct, direct-memory-leak, java.nio.DirectByteBuffer"})
    void a_program_that_keeps_what_it_opens_gets_the_kind_of_leak_it_has(
            String what, String kind, String suspect, @TempDir Path tmp) throws Exception {
        try (Jvm leaker = Jvm.start(Leaker.command(what))) {
            leaker.awaitOutput("leaking " + what);
            boolean direct = kind.equals("direct-memory-leak");
            List<String> args = new ArrayList<>(
                    List.of(Long.toString(leaker.pid()), "--duration", ScenarioVerdictTest.WINDOW, "--json"));
            if (direct) {
                args.add("--keep"); // and the dump stays, where the tool says
            }
            Jvm.Result result =
                    Jvm.runTool(List.of("-Xmx256m", "-Djava.io.tmpdir=" + tmp), args.toArray(String[]::new));
            JsonObject json = ScenarioVerdictTest.parse(result);
            JsonObject verdict = json.getAsJsonObject("verdict");

            assertThat(verdict.get("kind").getAsString()).as(result.out()).isEqualTo(kind);
            assertThat(verdict.get("suspect").getAsString()).isEqualTo(suspect);
            if (direct) {
                assertThat(verdict.get("path").toString())
                        .as("the path to a buffer")
                        .contains("Leaker.KEPT");
                String note = json.getAsJsonObject("whoHoldsIt").get("note").getAsString();
                assertThat(note).startsWith("the heap dump is kept at " + tmp);
                Path kept = Path.of(note.substring("the heap dump is kept at ".length()));
                assertThat(kept).isRegularFile();
                Files.delete(kept);
                Files.delete(kept.getParent());
            }
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).as("what the tool left behind").isEmpty();
        }
    }
}
