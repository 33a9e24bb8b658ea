package leaklab.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that already records with Flight Recorder to disk, as production JVMs often do
 * ({@code -XX:StartFlightRecording}): the tool's own recording of thread starts still reads, and the
 * JVM's recording runs on after the tool is done.
 */
class RecordingAlreadyRunningTest {

    @Test
    void a_jvm_that_records_to_disk_already_is_diagnosed_and_keeps_its_recording(@TempDir Path tmp) throws Exception {
        try (Jvm idle = Jvm.start(Idle.command("-XX:StartFlightRecording=name=production,settings=default"))) {
            idle.awaitOutput("idle, pid");
            Jvm.Result result = Jvm.runTool(
                    List.of("-Xmx256m", "-Djava.io.tmpdir=" + tmp),
                    Long.toString(idle.pid()),
                    "--duration",
                    "4s",
                    "--json");
            JsonObject json = ScenarioVerdictTest.parse(result);

            assertThat(result.exit()).as(result.err()).isEqualTo(Exit.NO_LEAK.code());
            assertThat(json.getAsJsonObject("verdict").get("kind").getAsString())
                    .isEqualTo("no-leak");
            Jvm.Result check;
            try (Jvm jcmd = Jvm.start(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(idle.pid()),
                    "JFR.check"))) {
                check = jcmd.await();
            }
            assertThat(check.out())
                    .as("the JVM's own recording, after the tool")
                    .contains("name=production")
                    .contains("running");
        }
    }
}
