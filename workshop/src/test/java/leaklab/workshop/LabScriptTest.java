package leaklab.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code lab} script's first build, with a stand-in for the Maven wrapper that prints what
 * Maven prints: the script shows each step as it comes, keeps the full output in a log, and on
 * failure shows Maven's errors and where the log is.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the lab script is a POSIX shell script")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LabScriptTest {

    @TempDir
    Path root;

    @BeforeEach
    void a_checkout_with_a_stand_in_for_maven() throws IOException {
        Files.copy(ProjectRoot.locate().resolve("lab"), root.resolve("lab"));
        LabFixtures.copyExercises(root);
        Path mvnw = Files.writeString(root.resolve("mvnw"), """
                #!/bin/sh
                [ "$MVNW_VERBOSE" != true ] || echo "Couldn't find MAVEN_HOME, downloading and installing it ..."
                echo "[INFO] Scanning for projects..."
                echo "[INFO] Building Leak Lab :: leakcheck 1.0-SNAPSHOT                            [2/3]"
                echo "[INFO] --- compiler:3.14.0:compile (default-compile) @ leakcheck ---"
                echo "[INFO] Building jar: /somewhere/leakcheck-1.0-SNAPSHOT.jar"
                echo "[WARNING] something Maven warns about"
                if [ -n "$STAND_IN_FAILS" ]; then echo "[ERROR] COMPILATION ERROR : a stand-in error"; exit 1; fi
                mkdir -p workshop/target/lab workshop/target/classes/leaklab/workshop
                printf %s "$STAND_IN_CLASSPATH" > workshop/target/lab/classpath.txt
                : > workshop/target/classes/leaklab/workshop/jvm.options
                """);
        for (Path script : new Path[] {mvnw, root.resolve("lab")}) {
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void the_first_build_shows_each_step_as_it_goes_then_runs_the_command() throws Exception {
        Result result = lab(false);

        assertThat(result.status).isZero();
        assertThat(result.err)
                .containsSubsequence(
                        "lab: building the workshop tool, once: later runs start at once.",
                        "lab:   downloading Maven itself (the first time only) ...",
                        "lab:   [2/3] Leak Lab :: leakcheck\n",
                        "lab:         compiler:compile\n",
                        "lab: the workshop tool is built (")
                .doesNotContain("Building jar")
                .doesNotContain("[WARNING]");
        assertThat(result.out).contains("Next: ./lab verify timer");
        assertThat(root.resolve("workshop/target/lab/build.log")).content().contains("[INFO] Building jar:");
    }

    @Test
    void a_failed_build_shows_mavens_errors_and_where_its_full_output_is() throws Exception {
        Result result = lab(true);

        assertThat(result.status).isEqualTo(3);
        assertThat(result.err)
                .containsSubsequence(
                        "lab:   [2/3] Leak Lab :: leakcheck",
                        "[ERROR] COMPILATION ERROR : a stand-in error",
                        "lab: Maven's full output is in workshop/target/lab/build.log.",
                        "lab: the workshop tool did not build; the Maven errors above say why.");
        assertThat(result.out).isEmpty();
    }

    private record Result(int status, String out, String err) {}

    private Result lab(boolean buildFails) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(root.resolve("lab").toString(), "list");
        builder.environment().put("STAND_IN_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        if (buildFails) {
            builder.environment().put("STAND_IN_FAILS", "yes");
        }
        Path out = root.resolve("out.txt");
        Path err = root.resolve("err.txt");
        Process process =
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(90, TimeUnit.SECONDS))
                .as("the lab script ended")
                .isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
