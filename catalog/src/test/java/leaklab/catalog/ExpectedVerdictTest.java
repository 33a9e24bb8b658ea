package leaklab.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The diagnose keys of a descriptor: read when both are there, refused when they do not fit. */
class ExpectedVerdictTest {

    static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path root;

    @Test
    void the_timer_and_thread_descriptors_name_their_verdicts() {
        ScenarioCatalog catalog = ScenarioCatalog.in(PROJECT);
        assertThat(catalog.find("timer").orElseThrow().expectedVerdict())
                .contains(new ExpectedVerdict("heap-leak", "leaklab.timer.Session"));
        assertThat(catalog.find("thread").orElseThrow().expectedVerdict())
                .contains(new ExpectedVerdict("thread-leak", "cancel-watcher-"));
    }

    @Test
    void a_descriptor_without_the_keys_has_no_expected_verdict() throws IOException {
        assertThat(read(null, null).expectedVerdict()).isEmpty();
    }

    @Test
    void a_verdict_without_a_suspect_is_refused() throws IOException {
        assertThatThrownBy(() -> read("heap-leak", null))
                .isInstanceOf(DescriptorException.class)
                .hasMessage("scenarios/probe/scenario.properties: diagnose.suspect is missing: the two diagnose keys go"
                        + " together (e.g. diagnose.verdict = heap-leak, diagnose.suspect = leaklab.timer.Session)");
    }

    @Test
    void an_unknown_verdict_kind_is_refused() {
        assertThatThrownBy(() -> read("memory-leak", "leaklab.timer.Session"))
                .hasMessage("scenarios/probe/scenario.properties: diagnose.verdict must be one of"
                        + " [heap-leak, thread-leak, fd-leak, direct-memory-leak], not \"memory-leak\"");
    }

    @Test
    void a_heap_leak_suspect_must_be_a_class_name() {
        assertThatThrownBy(() -> read("heap-leak", "Session"))
                .hasMessageEndingWith(
                        "diagnose.suspect must be a fully qualified class name for a heap-leak, not \"Session\"");
    }

    @Test
    void an_fd_leak_suspect_must_be_a_kind_of_descriptor() throws IOException {
        assertThat(read("fd-leak", "socket").expectedVerdict()).contains(new ExpectedVerdict("fd-leak", "socket"));
        assertThatThrownBy(() -> read("fd-leak", "sockets"))
                .hasMessageEndingWith("diagnose.suspect must be one of [file, socket, pipe, anon_inode, other] for an"
                        + " fd-leak, not \"sockets\"");
    }

    @Test
    void a_demo_too_slow_or_too_fast_for_the_tools_window_sets_its_own_rate() {
        ScenarioCatalog catalog = ScenarioCatalog.in(PROJECT);
        assertThat(catalog.find("timer")
                        .orElseThrow()
                        .expectedVerdict()
                        .orElseThrow()
                        .rate())
                .isEqualTo(ExpectedVerdict.DEFAULT_RATE);
        assertThat(catalog.find("slice")
                        .orElseThrow()
                        .expectedVerdict()
                        .orElseThrow()
                        .rate())
                .isLessThan(ExpectedVerdict.DEFAULT_RATE);
    }

    /** The timer descriptor with its diagnose keys replaced, read as scenario "probe". */
    private Scenario read(String verdict, String suspect) throws IOException {
        String text = Files.readString(PROJECT.resolve("scenarios/timer/scenario.properties"), StandardCharsets.UTF_8)
                .replaceAll("(?m)^diagnose\\..*$", "");
        if (verdict != null) {
            text += "\ndiagnose.verdict = " + verdict + "\n";
        }
        if (suspect != null) {
            text += "\ndiagnose.suspect = " + suspect + "\n";
        }
        Path folder = Files.createDirectories(root.resolve("scenarios/probe"));
        Files.writeString(folder.resolve(Scenario.DESCRIPTOR), text, StandardCharsets.UTF_8);
        return ScenarioCatalog.read(root, "probe");
    }
}
