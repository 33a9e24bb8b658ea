package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The heap in use as GC.heap_info prints it, for each collector's layout (real outputs, JDK 17 and 25). */
class HeapInfoTest {

    @Test
    void g1_prints_one_line_for_the_whole_heap_on_jdk_17_and_25() {
        assertThat(HeapInfo.usedBytes(Fixtures.read("heap-info-g1-jdk17.txt"))).isEqualTo(7764L * 1024);
        assertThat(HeapInfo.usedBytes(Fixtures.read("heap-info-g1-jdk25.txt"))).isEqualTo(3788L * 1024);
    }

    @Test
    void serial_prints_a_line_per_generation_and_the_heap_is_their_sum_not_the_spaces_percentages() {
        assertThat(HeapInfo.usedBytes(Fixtures.read("heap-info-serial.txt"))).isEqualTo((3503L + 1024) * 1024);
    }

    @Test
    void zgc_prints_megabytes_and_shenandoah_puts_the_figure_before_the_word() {
        assertThat(HeapInfo.usedBytes(Fixtures.read("heap-info-zgc.txt"))).isEqualTo(4L << 20);
        assertThat(HeapInfo.usedBytes(Fixtures.read("heap-info-shenandoah.txt")))
                .isEqualTo(2560L * 1024);
    }

    @Test
    void the_metaspace_is_not_the_heap_and_an_output_without_a_heap_is_refused() {
        assertThatThrownBy(() -> HeapInfo.usedBytes(" Metaspace       used 514K, committed 704K, reserved 1114112K\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a GC.heap_info output");
    }
}
