package leaklab.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Is it a leak at all? The floors of one figure, read as the book reads a GC log. */
class TrendTest {

    static Trend threads(Long... floors) {
        return Trend.of("live threads", List.of(floors), 5, Long::toString);
    }

    @Test
    void a_floor_that_keeps_rising_is_a_leak() {
        Trend trend = threads(100L, 150L, 200L, 250L, 300L);
        assertThat(trend.rising()).isTrue();
        assertThat(trend.reading()).isEqualTo("live threads rises: 100 → 150 → 200 → 250 → 300");
    }

    @Test
    void a_sawtooth_that_returns_to_its_floor_is_not() {
        assertThat(threads(100L, 140L, 101L, 139L, 100L).rising()).isFalse();
    }

    @Test
    void a_pool_that_fills_up_and_stops_is_not() {
        Trend trend = threads(10L, 40L, 60L, 60L, 61L);
        assertThat(trend.rising()).isFalse();
        assertThat(trend.reading())
                .startsWith("live threads rose, then stopped (a cache or a pool filling up, not a leak)");
    }

    @Test
    void growth_within_the_noise_is_not() {
        Trend trend = threads(100L, 101L, 102L, 103L, 104L);
        assertThat(trend.rising()).isFalse();
        assertThat(trend.reading()).startsWith("live threads does not rise (it moved less than 5, within noise)");
    }

    @Test
    void a_rise_at_the_last_point_only_is_one_moment_not_a_leak() {
        // The fixed slice demo on a busy machine: its last collection ran while a 1 MiB frame was
        // being read, so only the last floor is up, by that frame.
        Trend trend = Trend.of(
                "the live heap",
                List.of(4_546_968L, 4_547_728L, 4_548_576L, 4_549_296L, 5_598_576L),
                1 << 20,
                Long::toString);
        assertThat(trend.rising()).isFalse();
        assertThat(trend.reading()).startsWith("the live heap rose at the last point only");
    }

    @Test
    void a_leak_that_starts_late_in_the_window_is_still_a_leak() {
        assertThat(threads(100L, 100L, 100L, 150L, 200L).rising()).isTrue();
    }
}
