package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessFilesTest {

    private static final ProcessFiles LISTING = new ProcessFiles(
            Map.of(
                    0,
                    "/dev/null",
                    1,
                    "pipe:[1001]",
                    2,
                    "pipe:[1002]",
                    10,
                    "socket:[2001]",
                    11,
                    "socket:[2002]",
                    12,
                    "socket:[2003]",
                    13,
                    "anon_inode:[eventpoll]"),
            "Max open files            20000                20000                files");

    @Test
    void descriptors_are_counted_by_kind_what_comes_before_the_colon_or_file_for_a_path() {
        assertThat(LISTING.countByKind())
                .containsExactly(
                        Map.entry("socket", 3L),
                        Map.entry("pipe", 2L),
                        Map.entry("anon_inode", 1L),
                        Map.entry("file", 1L));
        assertThat(LISTING.count("all")).isEqualTo(7);
    }

    @Test
    void grouped_they_read_as_a_reader_would_count_them_with_the_limit() {
        assertThat(LISTING.grouped(10)).isEqualTo("""
                7 descriptors: 3 socket, 2 pipe, 1 anon_inode, 1 file
                  3 x socket:[...]
                  2 x pipe:[...]
                  1 x /dev/null
                  1 x anon_inode:[eventpoll]
                Max open files  20000  20000  files
                """);
    }

    @Test
    void a_listing_reads_back_as_it_was_taken() {
        assertThat(ProcessFiles.parse(LISTING.format())).isEqualTo(LISTING);
    }

    @Test
    void this_process_has_open_descriptors_and_a_limit() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "Linux only: /proc lists a process's descriptors");

        ProcessFiles files = ProcessFiles.of(ProcessHandle.current().pid());

        assertThat(files.count("all")).isPositive();
        assertThat(files.limit()).startsWith("Max open files");
    }
}
