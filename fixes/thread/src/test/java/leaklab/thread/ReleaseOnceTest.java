package leaklab.thread;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.awaitility.Awaitility.await;

import io.github.leaklab.leakcheck.ThreadSnapshot;
import io.github.leaklab.leakcheck.Threads;
import io.github.leaklab.leakcheck.junit.LeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The release that wakes the watcher, property by property. {@link RequestScope.Release} gives back
 * what a request holds exactly once, whether the request completes, is cancelled, or both at the
 * same moment on many threads; its watcher always ends; and a null callback is refused at once.
 *
 * <p>Each watcher here runs on a thread of its own, so a watcher that did not end would be a thread
 * {@link ThreadSnapshot#assertNoNewThreads()} names.
 */
@LeakCheck // fails a test that leaves a thread running or a descriptor open
class ReleaseOnceTest {

    static final int REPETITIONS = 200;
    static final int RACERS = 8;
    /** Starts each watcher on a new thread. */
    static final Executor THREAD_PER_WATCHER = watcher -> new Thread(watcher, "cancel-watcher").start();

    // tag::prove[]
    // tag::race[]
    @Test
    void the_callback_runs_exactly_once_when_many_threads_release_and_cancel_at_the_same_moment() throws Exception {
        ExecutorService racers = Executors.newFixedThreadPool(RACERS);
        try {
            for (int i = 0; i < REPETITIONS; i++) {
                AtomicInteger runs = new AtomicInteger();
                CountDownLatch watcherEnded = new CountDownLatch(1);
                RequestScope scope = new RequestScope(
                        "request-" + i,
                        watcher -> THREAD_PER_WATCHER.execute(() -> {
                            try {
                                watcher.run();
                            } finally {
                                watcherEnded.countDown();
                            }
                        }));
                RequestScope.Release release = scope.onCancel(runs::incrementAndGet);

                // Half the racers complete the request, half cancel it, all at once.
                CyclicBarrier start = new CyclicBarrier(RACERS);
                List<Future<?>> raced = new ArrayList<>();
                for (int r = 0; r < RACERS; r++) {
                    Runnable move = r % 2 == 0 ? release : scope::cancel;
                    raced.add(racers.submit(() -> {
                        start.await();
                        move.run();
                        return null;
                    }));
                }
                for (Future<?> racer : raced) {
                    racer.get(5, SECONDS);
                }

                assertThat(watcherEnded.await(5, SECONDS))
                        .as("repetition %d: the watcher ended", i)
                        .isTrue();
                assertThat(runs)
                        .as("repetition %d: how many times the callback ran", i)
                        .hasValue(1);
            }
        } finally {
            racers.shutdownNow();
        }
    }
    // end::race[]

    @Test
    void a_cancelled_request_runs_the_callback_on_its_watcher_which_then_ends() {
        ThreadSnapshot before = Threads.snapshot();
        AtomicInteger runs = new AtomicInteger();
        RequestScope scope = new RequestScope("request-cancelled", THREAD_PER_WATCHER);
        RequestScope.Release release = scope.onCancel(runs::incrementAndGet);

        scope.cancel();
        before.leaks().assertNoLeak(); // waits for the watcher to run the callback and end

        assertThat(runs).hasValue(1);
        assertThat(release.isDone()).isTrue();
        release.run(); // the caller's normal path, too late: nothing more
        assertThat(runs).hasValue(1);
    }

    @Test
    void a_completed_request_runs_the_callback_at_once_and_its_watcher_ends() {
        ThreadSnapshot before = Threads.snapshot();
        AtomicInteger runs = new AtomicInteger();
        RequestScope scope = new RequestScope("request-completed", THREAD_PER_WATCHER);
        RequestScope.Release release = scope.onCancel(runs::incrementAndGet);

        release.run();
        assertThat(runs).hasValue(1); // on the caller's thread, before run() returned
        before.leaks().assertNoLeak(); // the watcher woke up and ended

        scope.cancel(); // a cancellation after completion: nothing more
        assertThat(runs).hasValue(1);
    }

    @Test
    void a_null_callback_is_refused_at_once_with_a_message_that_says_what_to_pass() {
        ThreadSnapshot before = Threads.snapshot();
        RequestScope scope = new RequestScope("request-null", THREAD_PER_WATCHER);

        assertThatNullPointerException()
                .isThrownBy(() -> scope.onCancel(null))
                .withMessage("onCancel(null): pass what gives back what the request holds, e.g. permits::release");
        before.leaks().assertNoLeak(); // and no watcher was started for it
    }

    @Test
    void an_interrupted_watcher_ends_without_running_the_callback() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<Thread> watcher = new AtomicReference<>();
        RequestScope scope = new RequestScope("request-interrupted", work -> {
            Thread thread = new Thread(work, "cancel-watcher");
            watcher.set(thread);
            thread.start();
        });
        scope.onCancel(runs::incrementAndGet);
        await().atMost(Duration.ofSeconds(5))
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(1))
                .until(() -> watcher.get().getState() == Thread.State.WAITING);

        watcher.get().interrupt(); // what a pool's shutdownNow() does to it
        watcher.get().join(5_000);

        assertThat(watcher.get().isAlive()).isFalse();
        assertThat(runs).hasValue(0);
    }
    // end::prove[]
}
