package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MachinePathsTest {

    private final MachinePaths paths = new MachinePaths(locations());

    @Test
    void are_replaced_by_names_the_reader_understands_the_folder_inside_another_first() {
        assertThat(paths.scrub("dump kept at /home/ana/leaklab/book/target/x.hprof, home /home/ana"))
                .isEqualTo("dump kept at <project>/book/target/x.hprof, home ~");
    }

    @Test
    void left_in_an_output_fail_the_build_naming_the_output() {
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
