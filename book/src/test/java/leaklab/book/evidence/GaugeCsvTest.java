package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaugeCsvTest {

    private static final GaugeCsv LEAKING = GaugeCsv.parse(Fixtures.read("gauge-leaking.csv"));

    @Test
    void is_read_by_column_name_one_value_a_second() {
        assertThat(LEAKING.columns())
                .containsExactly(
                        "seconds", "threads", "heapUsedBytes", "queuedTasks", "openSessions", "sessionsOpened");
        assertThat(LEAKING.size()).isEqualTo(11);
        assertThat(LEAKING.lastSecond()).isEqualTo(10);
        assertThat(LEAKING.column("threads")).startsWith(7, 57, 107);
        assertThat(LEAKING.valueAt("openSessions", 10)).isEqualTo(50);
    }

    @Test
    void growth_per_operation_leaves_out_the_seconds_before_the_window_the_leak_is_one_thread_per_session() {
        assertThat(LEAKING.growthPer("threads", "sessionsOpened", 2)).isCloseTo(1.0, within(0.02));
        assertThat(LEAKING.growthPer("openSessions", "sessionsOpened", 2)).isZero();
    }

    @Test
    void names_what_is_wrong_the_line_the_column_the_columns_there_are() {
        assertThatThrownBy(() -> GaugeCsv.parse("seconds,threads\n0,7\n1,x\n"))
                .hasMessage("gauge CSV line 3, column threads: not a whole number: \"x\"");
        assertThatThrownBy(() -> GaugeCsv.parse("seconds,threads\n0,7,9\n"))
                .hasMessageContaining("line 2 has 3 values for 2 columns");
        assertThatThrownBy(() -> GaugeCsv.parse("time,threads\n0,7\n"))
                .hasMessageContaining("does not start with a seconds column");
        assertThatThrownBy(() -> GaugeCsv.parse("seconds,threads\n")).hasMessageContaining("no rows");
        assertThatThrownBy(() -> LEAKING.column("heapAfterGcBytes"))
                .hasMessageContaining("no column heapAfterGcBytes")
                .hasMessageContaining("sessionsOpened");
        assertThatThrownBy(() -> LEAKING.valueAt("threads", 11)).hasMessageContaining("no row for second 11");
    }
}
