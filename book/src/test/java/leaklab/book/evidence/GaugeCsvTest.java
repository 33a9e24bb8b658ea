package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A live demo's gauge CSV")
class GaugeCsvTest {

    private static final GaugeCsv LEAKING = GaugeCsv.parse(Fixtures.read("gauge-leaking.csv"));

    @Test
    @DisplayName("is read by column name, one value a second")
    void readsColumns() {
        assertThat(LEAKING.columns())
                .containsExactly(
                        "seconds", "threads", "heapUsedBytes", "queuedTasks", "openSessions", "sessionsOpened");
        assertThat(LEAKING.size()).isEqualTo(11);
        assertThat(LEAKING.lastSecond()).isEqualTo(10);
        assertThat(LEAKING.column("threads")).startsWith(7, 57, 107);
        assertThat(LEAKING.valueAt("openSessions", 10)).isEqualTo(50);
    }

    @Test
    @DisplayName("growth per operation leaves out the seconds before the window: the leak is one thread per session")
    void growthPerOperation() {
        assertThat(LEAKING.growthPer("threads", "sessionsOpened", 2)).isCloseTo(1.0, within(0.02));
        assertThat(LEAKING.growthPer("openSessions", "sessionsOpened", 2)).isZero();
    }

    @Test
    @DisplayName("names what is wrong: the line, the column, the columns there are")
    void namesProblems() {
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
