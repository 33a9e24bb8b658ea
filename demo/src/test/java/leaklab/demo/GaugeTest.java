package leaklab.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GaugeTest {

    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong opened = new AtomicLong();
    private final Gauge gauge = Gauge.ofThisJvm()
            .count("queued", "queuedTasks", queued::get)
            .total("opened", "sessionsOpened", opened::get);

    @Test
    void the_csv_has_seconds_threads_heap_bytes_heap_after_gc_then_the_demo_s_own_columns() {
        queued.set(250);
        Gauge.Sample sample = gauge.sample(5);

        assertThat(gauge.csvHeader())
                .isEqualTo("seconds,threads,heapUsedBytes,heapAfterGcBytes,queuedTasks,sessionsOpened");
        assertThat(gauge.csvRow(sample)).matches("5,[1-9][0-9]*,[1-9][0-9]*,[0-9]+,250,0");
    }

    @Test
    void a_line_lines_up_under_the_header() {
        queued.set(1_000_000);
        String line = gauge.line(gauge.sample(42));

        assertThat(gauge.header()).isEqualTo("  time  threads   heap used    after GC   queued   opened");
        assertThat(line).hasSameSizeAs(gauge.header()).startsWith("   42s").endsWith("1000000        0");
    }

    @Test
    void after_a_gc_the_heap_floor_is_what_it_left_and_holds_what_is_still_reachable() {
        byte[] kept = new byte[8 << 20];
        System.gc();

        long floor = Gauge.heapAfterLastGc();

        assertThat(floor)
                .isGreaterThanOrEqualTo(kept.length)
                .isLessThanOrEqualTo(Runtime.getRuntime().totalMemory());
    }

    @Test
    void the_change_reads_from_first_to_last() {
        Gauge.Sample first = gauge.sample(0);
        queued.set(7);
        Gauge.Sample last = gauge.sample(1);

        assertThat(gauge.change(first, last)).startsWith("threads ").endsWith("queued 0 -> 7, opened 0 -> 0");
    }

    @Test
    void the_verdict_names_a_level_that_grows_with_the_operations_and_ignores_running_totals() {
        AtomicLong done = new AtomicLong();
        Gauge judged = Gauge.ofThisJvm()
                .count("queued", "queuedTasks", queued::get)
                .total("opened", "sessionsOpened", opened::get)
                .withOperations(done::get);
        List<Gauge.Sample> samples = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            done.set(i * 100L);
            opened.set(i * 100L);
            queued.set(i * 100L); // one more task queued per operation: a leak
            samples.add(judged.sample(i));
        }

        assertThat(judged.verdict(samples, "session"))
                .startsWith("Verdict: queued +1.00 per session")
                .contains("a leak")
                .doesNotContain("opened +");
    }

    @Test
    void the_verdict_of_levels_that_stay_flat_is_no_leak() {
        AtomicLong done = new AtomicLong();
        Gauge judged =
                Gauge.ofThisJvm().count("queued", "queuedTasks", queued::get).withOperations(done::get);
        List<Gauge.Sample> samples = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            done.set(i * 100L);
            queued.set(i == 0 ? 0 : 50); // warms up to the work in flight, then stays
            samples.add(judged.sample(i));
        }

        assertThat(judged.verdict(samples, "session"))
                .startsWith("Verdict: nothing grows with the work done")
                .contains("queued +0.00 per session")
                .endsWith("No leak in these figures.");
    }

    @Test
    void resident_memory_is_shown_but_not_judged() {
        AtomicLong done = new AtomicLong();
        Gauge judged = Gauge.ofThisJvm()
                .withResidentMemory()
                .count("queued", "queuedTasks", queued::get)
                .withOperations(done::get);
        List<Gauge.Sample> samples = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            done.set(i * 100L);
            samples.add(judged.sample(i));
        }

        assertThat(judged.csvHeader()).contains(",residentBytes,");
        assertThat(judged.header()).contains("rss");
        assertThat(judged.verdict(samples, "frame"))
                .contains("queued +0.00 per frame")
                .doesNotContain("rss");
    }

    @Test
    void bytes_read_in_binary_units() {
        assertThat(Gauge.bytes(800)).isEqualTo("800 B");
        assertThat(Gauge.bytes(512 * 1024)).isEqualTo("512 KiB");
        assertThat(Gauge.bytes(12_900_000)).isEqualTo("12.3 MiB");
        assertThat(Gauge.bytes(3L << 29)).isEqualTo("1.5 GiB");
    }

    @Test
    void the_heap_cap_is_passed_only_by_what_a_gc_cannot_free() {
        assertThat(new HeapCap(Long.MAX_VALUE).exceeded()).isEmpty();
        assertThat(new HeapCap(1).exceeded()).isPresent();
    }
}
