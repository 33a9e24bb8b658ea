package leaklab.leakcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * What a verdict costs: a clean one should cost a test almost nothing, a leak verdict with its
 * path a second or two. Prints the measured figures; the bounds are loose enough for a busy machine.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class VerdictTimingTest {

    static final List<Object> HELD = new ArrayList<>();

    @AfterEach
    void release() {
        HELD.clear();
    }

    @Test
    void a_clean_verdict_takes_milliseconds() {
        long[] millis = new long[11];
        for (int i = 0; i < millis.length; i++) {
            ObjectWatcher watcher = new ObjectWatcher();
            Watch.garbage(watcher);
            RetentionReport report = watcher.awaitVerdict();
            assertThat(report.isClean()).isTrue();
            millis[i] = report.took().toMillis();
        }
        Arrays.sort(millis);
        System.out.println("clean verdict: median " + millis[millis.length / 2] + " ms, max "
                + millis[millis.length - 1] + " ms over " + millis.length + " runs");
        assertThat(Duration.ofMillis(millis[millis.length / 2])).isLessThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void a_leak_verdict_with_its_path_takes_about_a_second() {
        ObjectWatcher watcher = new ObjectWatcher();
        Watch.heldBy(HELD, watcher);
        RetentionReport report = watcher.awaitVerdict();
        assertThat(report.retainedCount()).isEqualTo(1);
        System.out.println("leak verdict with Shark path: " + report.took().toMillis() + " ms");
        assertThat(report.took()).isLessThanOrEqualTo(Duration.ofSeconds(3));
    }
}
