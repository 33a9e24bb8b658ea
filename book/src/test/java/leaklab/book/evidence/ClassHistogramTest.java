package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassHistogramTest {

    private static final ClassHistogram AT_2S = ClassHistogram.parse(Fixtures.read("histogram-leaking-2s.txt"));
    private static final ClassHistogram AT_8S = ClassHistogram.parse(Fixtures.read("histogram-leaking-8s.txt"));

    @Test
    void is_read_row_by_row_with_or_without_a_module_past_jcmds_pid_line_and_the_column_titles() {
        assertThat(AT_2S.rows()).first().isEqualTo(new ClassHistogram.Row("[B", "java.base@17.0.15", 9337, 4289328));
        assertThat(AT_2S.row("leaklab.timer.Session"))
                .contains(new ClassHistogram.Row("leaklab.timer.Session", "", 118, 4720));
        assertThat(AT_2S.instancesOf("java.util.TimerThread")).isEqualTo(118);
        assertThat(AT_2S.instancesOf("no.such.Class")).isZero();
        assertThat(AT_2S.totalInstances()).isEqualTo(37411);
        assertThat(AT_2S.totalBytes()).isEqualTo(5605424);
    }

    @Test
    void adds_up_two_rows_of_one_class_name_loaded_twice() {
        ClassHistogram histogram = ClassHistogram.parse("""
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:            10            400  com.example.Plugin
                   2:             5            200  com.example.Plugin
                Total            15            600
                """);

        assertThat(histogram.rows()).containsExactly(new ClassHistogram.Row("com.example.Plugin", "", 15, 600));
    }

    @Test
    void growth_ranks_the_classes_that_grew_by_bytes_added_and_says_how_many_instances_each_gained() {
        List<ClassHistogram.Change> growth = ClassHistogram.growth(AT_2S, AT_8S);

        assertThat(growth)
                .extracting(c -> c.row().className())
                .startsWith("[B", "[Ljava.util.TimerTask;", "java.util.TimerThread");
        assertThat(growth)
                .filteredOn(c -> c.row().className().equals("leaklab.timer.Session"))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.instances()).isEqualTo(412 - 118);
                    assertThat(c.bytes()).isEqualTo(16480 - 4720);
                });
        assertThat(growth).allMatch(c -> c.instances() > 0 || c.bytes() > 0);
    }

    @Test
    void the_formatted_growth_shows_the_top_then_the_class_asked_for_at_its_rank_then_the_total() {
        String text = ClassHistogram.formatGrowth(AT_2S, AT_8S, 3, List.of("leaklab.timer.Session"));

        assertThat(text).startsWith("""
                 num   +#instances        +#bytes  class name (module)
                -------------------------------------------------------
                   1:         +883       +9657344  [B (java.base@17.0.15)
                   2:         +294        +155232  [Ljava.util.TimerTask; (java.base@17.0.15)
                   3:         +294        +110544  java.util.TimerThread (java.base@17.0.15)
                 ...
                """);
        assertThat(text).contains("  +294         +11760  leaklab.timer.Session\n");
        assertThat(text).doesNotContain("Session$CloseWhenIdle");
        assertThat(text).endsWith(" ...\nTotal        +6380      +10078264\n");
    }

    @Test
    void the_formatted_growth_says_so_when_nothing_grew_and_still_shows_the_class_asked_for() {
        String text = ClassHistogram.formatGrowth(AT_8S, AT_8S, 3, List.of("leaklab.timer.Session"));

        assertThat(text)
                .contains("(no class grew)")
                .containsPattern("\\d+:\\s+0\\s+0  leaklab\\.timer\\.Session\n")
                .endsWith("Total            0              0\n");
    }

    @Test
    void refuses_what_is_not_a_histogram_quoting_it() {
        assertThatThrownBy(() -> ClassHistogram.parse("""
                12345:
                com.sun.tools.attach.AttachNotSupportedException: Unable to open socket file
                """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a GC.class_histogram output")
                .hasMessageContaining("AttachNotSupportedException");
    }
}
