package leaklab.leakcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OpenFilesTest {

    @TempDir
    Path dir;
    Path file;
    private final List<InputStream> kept = new ArrayList<>();

    @BeforeEach
    void createAFile() throws IOException {
        OpenFiles.assumeCountable();
        file = Files.writeString(dir.resolve("orders.log"), "one order\n");
    }

    @AfterEach
    void closeWhatTheTestKept() throws IOException {
        for (InputStream in : kept) {
            in.close();
        }
    }

    @Test
    void a_stream_closed_by_try_with_resources_leaves_nothing_open() throws IOException {
        FileSnapshot before = OpenFiles.snapshot();

        try (InputStream in = new FileInputStream(file.toFile())) {
            in.read();
        }

        before.openNow().assertClean();
    }

    @Test
    void a_stream_kept_reachable_and_never_closed_stays_open_after_gc() throws IOException {
        FileSnapshot before = OpenFiles.snapshot();

        kept.add(new FileInputStream(file.toFile()));

        FileLeakReport report = before.stillOpenAfterGc();
        assertThat(report.count()).isEqualTo(1);
        assertThat(report.toString()).contains("1 file descriptor opened by the workload still open")
                .contains("/proc/<pid>/fd");
        if (!report.descriptors().isEmpty()) { // Linux: we also know what it points to
            assertThat(report.descriptors()).singleElement().asString().endsWith("orders.log");
            assertThat(report.toString()).contains("1 x ").contains("orders.log");
        }
        assertThatThrownBy(report::assertClean).isInstanceOf(AssertionError.class);
    }

    @Test
    void an_unreachable_stream_is_open_now_but_closed_by_the_cleaner_after_gc() throws IOException {
        FileSnapshot before = OpenFiles.snapshot();

        openAndDrop();

        assertThat(before.openNow().count()).isEqualTo(1);
        assertThat(before.stillOpenAfterGc().isClean()).isTrue();
    }

    private void openAndDrop() throws IOException {
        new FileInputStream(file.toFile()).read();
    }
}
