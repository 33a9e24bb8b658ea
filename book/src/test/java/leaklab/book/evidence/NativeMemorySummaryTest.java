package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A native memory summary")
class NativeMemorySummaryTest {

    private static final NativeMemorySummary JDK17 = NativeMemorySummary.parse(Fixtures.read("nmt-leaking-jdk17.txt"));
    private static final NativeMemorySummary JDK25 = NativeMemorySummary.parse(Fixtures.read("nmt-jdk25.txt"));

    @Test
    @DisplayName("gives the total and each category, sizes in KB")
    void readsTotalAndCategories() {
        assertThat(JDK17.totalReservedKb()).isEqualTo(2134315);
        assertThat(JDK17.totalCommittedKb()).isEqualTo(379639);
        assertThat(JDK17.category("Thread").reservedKb()).isEqualTo(441581);
        assertThat(JDK17.category("Thread").committedKb()).isEqualTo(43305);
        assertThat(JDK17.category("Java Heap").reservedKb()).isEqualTo(262144);
        assertThatThrownBy(() -> JDK17.category("Threads"))
                .hasMessageContaining("no Threads category")
                .hasMessageContaining("Java Heap");
    }

    @Test
    @DisplayName("reads the Thread category's count and stacks, as JDK 17 and JDK 25 print them")
    void readsThreadsOnBothJdks() {
        assertThat(JDK17.threads()).isEqualTo(430);
        assertThat(JDK17.threadStackReservedKb()).isEqualTo(440320);
        assertThat(JDK17.threadStackCommittedKb()).isEqualTo(42044);
        // JDK 25: "(threads #183)", and a peak on the stack line.
        assertThat(JDK25.threads()).isEqualTo(183);
        assertThat(JDK25.threadStackReservedKb()).isEqualTo(187392);
        assertThat(JDK25.threadStackCommittedKb()).isEqualTo(18028);
    }

    @Test
    @DisplayName("the excerpt is the total and the Thread block as printed, the other categories left out")
    void excerpt() {
        assertThat(JDK17.threadExcerpt()).isEqualTo("""
                Total: reserved=2134315KB, committed=379639KB
                ...
                -                    Thread (reserved=441581KB, committed=43305KB)
                                            (thread #430)
                                            (stack: reserved=440320KB, committed=42044KB)
                                            (malloc=759KB #2590) (peak=770KB #2594)
                                            (arena=502KB #858) (peak=523KB #840)
                ...
                """);
    }

    @Test
    @DisplayName("refuses the answer of a JVM without native memory tracking, quoting it")
    void refusesTrackingOff() {
        assertThatThrownBy(() -> NativeMemorySummary.parse("12345:\nNative memory tracking is not enabled\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-XX:NativeMemoryTracking=summary")
                .hasMessageContaining("Native memory tracking is not enabled");
    }
}
