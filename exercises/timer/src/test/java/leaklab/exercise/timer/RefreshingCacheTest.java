package leaklab.exercise.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.leaklab.leakcheck.ObjectWatcher;
import io.github.leaklab.leakcheck.StopResult;
import io.github.leaklab.leakcheck.ThreadSnapshot;
import io.github.leaklab.leakcheck.Threads;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What "fixed" means for {@link RefreshingCache}. {@code ./lab verify timer} runs these tests
 * against your code. Leave this file as it is: the fix belongs in RefreshingCache.java.
 */
class RefreshingCacheTest {

    /** The threads alive before each test: what a test leaves beyond them, the teardown stops. */
    private final ThreadSnapshot beforeTheTest = Threads.snapshot();

    /** The leak is the point of these tests, and it stays in them: the next test starts without it. */
    @AfterEach
    void stopTheThreadsTheTestLeft() {
        StopResult stopped = beforeTheTest.stopNewThreads(Duration.ofSeconds(10));
        assertThat(stopped.survivors())
                .as("threads the teardown could not stop: %s", stopped)
                .isEmpty();
    }

    @Test
    void an_open_cache_serves_values_and_keeps_reloading_them() {
        AtomicLong loads = new AtomicLong();
        try (RefreshingCache<String, Long> prices =
                new RefreshingCache<>("prices", Duration.ofMillis(10), sku -> loads.incrementAndGet())) {
            assertThat(prices.get("sku-1")).as("the first read loads the value").isEqualTo(1L);
            await("a refresh reloading sku-1").atMost(Duration.ofSeconds(5)).until(() -> prices.get("sku-1") > 1L);
        }
    }

    @Test
    void closing_a_cache_stops_the_thread_that_refreshes_it() {
        ThreadSnapshot before = Threads.snapshot();

        viewPriceLists(20, closedCache -> {});

        before.leaks().assertNoLeak();
    }

    @Test
    void a_closed_cache_can_be_garbage_collected() {
        ObjectWatcher watcher = new ObjectWatcher();

        viewPriceLists(5, closedCache -> watcher.watch(closedCache, "a closed RefreshingCache"));

        watcher.leaks().assertNoLeak();
    }

    /**
     * What the pricing service does for each price list a customer views: open a cache, read a
     * price, close the cache. No reference to a cache survives this method.
     */
    private static void viewPriceLists(int count, Consumer<RefreshingCache<String, Long>> afterClose) {
        for (int list = 1; list <= count; list++) {
            RefreshingCache<String, Long> prices =
                    new RefreshingCache<>("prices-" + list, Duration.ofSeconds(30), sku -> 1_999L);
            try (prices) {
                prices.get("sku-1");
            }
            afterClose.accept(prices);
        }
    }
}
