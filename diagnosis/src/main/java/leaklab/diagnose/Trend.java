package leaklab.diagnose;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Is it a leak at all? The book's test, on one figure: its floor, what is left after each garbage
 * collection, at several points of the sampling window. A leak's floor rises and is still rising
 * at the end; garbage rises and falls with the collections and its floor returns (a sawtooth); a
 * cache or a pool that warms up rises, then stops.
 *
 * <p>The figure rises when, from the first floor to the last, it grew by at least
 * {@code minimumGrowth} (more than the noise of a quiet process), the second half of the
 * window brought at least a quarter of that growth (not a warm-up that flattened out), and the
 * point before the last had risen too, by half the noise at least. A rise at the last point alone
 * is one moment, not a floor: a request's buffer in flight while that collection ran.
 *
 * @param metric what it measures: "the heap after GC", "live threads"
 * @param floors the floor at each point, in order
 * @param minimumGrowth the growth below which it is noise
 */
record Trend(String metric, long[] floors, long minimumGrowth, LongFunction<String> format) {

    /** A quarter of the growth must come in the second half of the window. */
    static final int SUSTAINED_SHARE = 4;

    Trend {
        floors = floors.clone();
    }

    static Trend of(String metric, List<Long> floors, long minimumGrowth, LongFunction<String> format) {
        return new Trend(metric, floors.stream().mapToLong(Long::longValue).toArray(), minimumGrowth, format);
    }

    boolean known() {
        return floors.length >= 3;
    }

    long first() {
        return floors[0];
    }

    long last() {
        return floors[floors.length - 1];
    }

    long growth() {
        return last() - first();
    }

    private long secondHalfGrowth() {
        return last() - floors[floors.length / 2];
    }

    /** The floor rose by more than noise, and kept rising to the end. */
    boolean rising() {
        return known()
                && growth() >= minimumGrowth
                && secondHalfGrowth() * SUSTAINED_SHARE >= growth()
                && !atTheLastPointOnly();
    }

    /** Only the last floor is up: the point before it is within half the noise of the first. */
    private boolean atTheLastPointOnly() {
        return (floors[floors.length - 2] - first()) * 2 < minimumGrowth;
    }

    /** What the floors did, in words: {@code rising: 12.0 MiB, 18.1 MiB, ... 35.2 MiB}. */
    String reading() {
        if (!known()) {
            return metric + ": not measured";
        }
        String values =
                String.join(" → ", Arrays.stream(floors).mapToObj(format).toList());
        if (rising()) {
            return metric + " rises: " + values;
        }
        if (growth() >= minimumGrowth && atTheLastPointOnly()) {
            return metric + " rose at the last point only (one moment, such as a buffer in flight while that"
                    + " collection ran, not a floor): " + values;
        }
        if (growth() >= minimumGrowth) {
            return metric + " rose, then stopped (a cache or a pool filling up, not a leak): " + values;
        }
        return metric + " does not rise (it moved less than " + format.apply(minimumGrowth) + ", within noise): "
                + values;
    }
}
