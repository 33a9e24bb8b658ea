package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NativeMemorySummaryTest {

    private static final NativeMemorySummary JDK17 = NativeMemorySummary.parse(Fixtures.read("nmt-leaking-jdk17.txt"));
    private static final NativeMemorySummary JDK25 = NativeMemorySummary.parse(Fixtures.read("nmt-jdk25.txt"));

    @Test
    void gives_the_total_and_each_category_sizes_in_kb() {
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
    void reads_the_thread_categorys_count_and_stacks_as_jdk_17_and_jdk_25_print_them() {
        assertThat(JDK17.threads()).isEqualTo(430);
        assertThat(JDK17.threadStackReservedKb()).isEqualTo(440320);
        assertThat(JDK17.threadStackCommittedKb()).isEqualTo(42044);
        // JDK 25: "(threads #183)", and a peak on the stack line.
        assertThat(JDK25.threads()).isEqualTo(183);
        assertThat(JDK25.threadStackReservedKb()).isEqualTo(187392);
        assertThat(JDK25.threadStackCommittedKb()).isEqualTo(18028);
    }

    @Test
    void the_excerpt_is_the_total_and_the_thread_block_as_printed_the_other_categories_left_out() {
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
    void refuses_the_answer_of_a_jvm_without_native_memory_tracking_quoting_it() {
        assertThatThrownBy(() -> NativeMemorySummary.parse("12345:\nNative memory tracking is not enabled\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-XX:NativeMemoryTracking=summary")
                .hasMessageContaining("Native memory tracking is not enabled");
    }
}
