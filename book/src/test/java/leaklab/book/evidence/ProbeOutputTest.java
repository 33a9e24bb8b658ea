package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The retention probe's output")
class ProbeOutputTest {

    private static final String OUTPUT = "java=17.0.15+6\n"
            + "sessions=100\n"
            + "retained=100\n"
            + "parkedIn=99 java.util.TimerThread.mainLoop\n"
            + "parkedIn=1 java.lang.Thread.sleep\n"
            + ProbeOutput.RETENTION_SECTION + "\n"
            + "100 of 100 watched objects are still strongly reachable, retaining 3.1 MiB.\n"
            + "│    ↓ TimerThread.queue\n"
            + ProbeOutput.OTHER_PATHS_SECTION + "\n"
            + "├─ java.util.concurrent.ScheduledThreadPoolExecutor instance\n"
            + ProbeOutput.THREADS_SECTION + "\n"
            + "100 threads started by the workload still alive after 1001 ms:\n"
            + ProbeOutput.END + "\n";

    @Test
    @DisplayName("gives its facts by name, and each report as printed")
    void readsFactsAndReports() {
        ProbeOutput probe = ProbeOutput.parse(OUTPUT);

        assertThat(probe.number("retained")).isEqualTo(100);
        assertThat(probe.all("parkedIn")).containsExactly("99 java.util.TimerThread.mainLoop", "1 java.lang.Thread.sleep");
        assertThat(probe.retentionReport()).isEqualTo(
                "100 of 100 watched objects are still strongly reachable, retaining 3.1 MiB.\n│    ↓ TimerThread.queue\n");
        assertThat(probe.otherPaths()).isEqualTo("├─ java.util.concurrent.ScheduledThreadPoolExecutor instance\n");
        assertThat(probe.threadReport()).isEqualTo("100 threads started by the workload still alive after 1001 ms:\n");
        assertThatThrownBy(() -> probe.fact("leakedThreads")).hasMessageContaining("printed no leakedThreads");
    }

    @Test
    @DisplayName("refuses output cut short, saying what is missing")
    void refusesCutOutput() {
        String cut = OUTPUT.substring(0, OUTPUT.indexOf(ProbeOutput.THREADS_SECTION));

        assertThatThrownBy(() -> ProbeOutput.parse(cut)).hasMessageContaining("no thread leak report");
    }
}
