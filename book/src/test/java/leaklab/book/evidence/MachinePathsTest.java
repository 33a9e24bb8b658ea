package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Machine paths")
class MachinePathsTest {

    private final MachinePaths paths = new MachinePaths(locations());

    @Test
    @DisplayName("are replaced by names the reader understands, the folder inside another first")
    void scrubs() {
        assertThat(paths.scrub("dump kept at /home/ana/leaklab/book/target/x.hprof, home /home/ana"))
                .isEqualTo("dump kept at <project>/book/target/x.hprof, home ~");
    }

    @Test
    @DisplayName("left in an output fail the build, naming the output")
    void refusesWhatIsLeft() {
        assertThatThrownBy(() -> paths.requireNone("timer-threads.txt", "cwd /home/ana/leaklab"))
                .isInstanceOf(EvidenceException.class)
                .hasMessageContaining("timer-threads.txt")
                .hasMessageContaining("/home/ana/leaklab");
    }

    private static Map<Path, String> locations() {
        Map<Path, String> locations = new LinkedHashMap<>();
        locations.put(Path.of("/home/ana"), "~");
        locations.put(Path.of("/home/ana/leaklab"), "<project>");
        locations.put(Path.of("/"), "<root>");
        return locations;
    }
}
