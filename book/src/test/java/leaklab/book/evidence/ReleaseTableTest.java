package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The table of what releases a forgotten resource, from the probe's lines, each verdict in words. */
class ReleaseTableTest {

    private static final String PROBE = String.join(
                    "\n",
                    "new FileInputStream(file)\ta file descriptor\tclose()\tCLEANER\t1\tyes",
                    "Files.list(dir)\tfile descriptors (the folder)\tclose()\tCLOSE_ONLY\t8\tyes",
                    "Executors.newFixedThreadPool(1)\ta thread\tshutdown()\tNOTHING\t8\tyes",
                    "Executors.newSingleThreadExecutor()\ta thread\tshutdown()\tFINALIZER\t1\tyes",
                    "ByteBuffer.allocateDirect(1 MiB)\t1 MiB of native memory\t\tCLEANER\t1\t")
            + "\n";

    @Test
    void each_verdict_reads_as_what_released_it_and_the_symptom_it_gives() {
        List<ReleaseTable.Row> rows = ReleaseTable.parse(PROBE);

        assertThat(rows)
                .extracting(ReleaseTable.Row::released)
                .containsExactly(
                        "the JDK's Cleaner, after a GC",
                        "only `+close()+`: collected, it stayed open through 8 GCs",
                        "only `+shutdown()+`: never collected in 8 GCs, its own thread keeps it reachable",
                        "its finalizer, after a GC",
                        "the JDK's Cleaner, after a GC");
        assertThat(rows)
                .extracting(ReleaseTable.Row::symptom)
                .containsExactly(
                        "falls at each GC, then climbs again",
                        "only climbs; a GC does not lower it",
                        "only climbs; a GC does not lower it",
                        "falls at each GC, then climbs again",
                        "falls at each GC, then climbs again");
        assertThat(ReleaseTable.problems(rows)).isEmpty();
    }

    @Test
    void a_close_that_released_nothing_is_a_problem_and_a_resource_without_close_is_not() {
        List<ReleaseTable.Row> rows = ReleaseTable.parse(PROBE.replace("CLOSE_ONLY\t8\tyes", "CLOSE_ONLY\t8\tno"));

        assertThat(ReleaseTable.problems(rows))
                .containsExactly("Files.list(dir): close() did not release file descriptors (the folder)");
    }

    @Test
    void the_table_has_a_row_per_resource_with_its_code_as_written() {
        String table = ReleaseTable.asciidoc(ReleaseTable.parse(PROBE));

        assertThat(table)
                .startsWith("[cols=")
                .endsWith("|===\n")
                .contains("| `+new FileInputStream(file)+`\n")
                .contains("| `+ByteBuffer.allocateDirect(1 MiB)+`\n| 1 MiB of native memory\n");
        assertThat(table.lines().filter(line -> line.startsWith("| `+"))).hasSize(5);
    }

    @Test
    void a_line_that_is_not_the_probes_is_refused() {
        assertThatThrownBy(() -> ReleaseTable.parse("new Socket()\ta socket\tclose()\tMAYBE\t1\tyes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a line of ResourceRelease");
        assertThatThrownBy(() -> ReleaseTable.parse("\n")).hasMessageContaining("printed no resource");
    }
}
