package leaklab.leakcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@ExtendWith(StopLeakedThreads.class)
class ThreadLeaksTest {

    @Test
    void a_thread_that_lingers_50_ms_then_ends_is_not_a_leak() {
        ThreadSnapshot before = ThreadLeaks.snapshot();

        Thread lingering = new Thread(() -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)), "lingering");
        lingering.start();

        ThreadLeakReport report = before.newThreads();
        assertThat(report.isClean()).as(report.toString()).isTrue();
        assertThat(lingering.isAlive()).isFalse();
    }

    @Test
    void threads_alive_before_the_snapshot_are_never_leaks() {
        CountDownLatch never = new CountDownLatch(1);
        Thread old = new Thread(() -> awaitQuietly(never), "started-before-the-snapshot");
        old.start();

        ThreadSnapshot before = ThreadLeaks.snapshot();
        ThreadLeakReport report = before.newThreads(Duration.ofMillis(10));

        assertThat(report.isClean()).as(report.toString()).isTrue();
        never.countDown();
    }

    @Test
    void a_daemon_timer_thread_left_running_is_a_leak_and_teardown_stops_it() {
        ThreadSnapshot before = ThreadLeaks.snapshot();

        Timer timer = new Timer("forgotten-timer", true);
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
            }
        }, TimeUnit.HOURS.toMillis(1));

        ThreadLeakReport report = before.newThreads(Duration.ofMillis(50));
        assertThat(report.count()).isEqualTo(1);
        LeakedThread leaked = report.threads().get(0);
        assertThat(leaked.name()).isEqualTo("forgotten-timer");
        assertThat(leaked.daemon()).isTrue();
        assertThat(leaked.parkedIn()).isEqualTo("java.util.TimerThread.mainLoop");
        assertThat(report.toString())
                .contains("1 thread started by the workload still alive")
                .contains("\"forgotten-timer\"")
                .contains("parked in java.util.TimerThread.mainLoop")
                .contains("jcmd <pid> Thread.print");
        assertThatThrownBy(report::assertClean).isInstanceOf(AssertionError.class)
                .hasMessageContaining("forgotten-timer");

        // A timer thread ignores interrupts; the teardown cancels its timer instead.
        assertThat(report.stopAll()).isEmpty();
        assertThat(leaked.thread().isAlive()).isFalse();
    }

    @Test
    void a_worker_parked_on_a_latch_nobody_counts_down_is_a_leak_parked_in_await() {
        ThreadSnapshot before = ThreadLeaks.snapshot();

        CountDownLatch never = new CountDownLatch(1);
        new Thread(() -> awaitQuietly(never), "waits-for-a-latch").start();

        ThreadLeakReport report = before.newThreads(Duration.ofMillis(50));
        assertThat(report.count()).isEqualTo(1);
        assertThat(report.threads().get(0).parkedIn()).isEqualTo("java.util.concurrent.CountDownLatch.await");
        assertThat(report.threads().get(0).state()).isEqualTo(Thread.State.WAITING);
        // An interrupt ends it (awaitQuietly returns).
        assertThat(report.stopAll()).isEmpty();
    }

    @Test
    void a_worker_handing_over_to_nobody_is_parked_in_synchronous_queue_put_on_every_jdk() {
        ThreadSnapshot before = ThreadLeaks.snapshot();

        java.util.concurrent.SynchronousQueue<String> handOff = new java.util.concurrent.SynchronousQueue<>();
        new Thread(() -> {
            try {
                handOff.put("an answer nobody takes");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "hands-over").start();

        ThreadLeakReport report = before.newThreads(Duration.ofMillis(50));
        assertThat(report.count()).isEqualTo(1);
        assertThat(report.threads().get(0).parkedIn()).isEqualTo("java.util.concurrent.SynchronousQueue.put");
        assertThat(report.stopAll()).isEmpty();
    }

    @Test
    void an_executor_nobody_shuts_down_leaks_its_workers_and_teardown_shuts_it_down() {
        ThreadSnapshot before = ThreadLeaks.snapshot();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        pool.submit(() -> { });
        pool.submit(() -> { });

        ThreadLeakReport report = before.newThreads(Duration.ofMillis(50));
        assertThat(report.count()).isEqualTo(2);
        assertThat(report.countByParkedFrame()).containsOnlyKeys("java.util.concurrent.LinkedBlockingQueue.take");

        assertThat(report.stopAll()).isEmpty();
        assertThat(pool.isShutdown()).isTrue();
    }

    @Test
    void an_executor_shut_down_by_its_owner_is_clean() throws InterruptedException {
        ThreadSnapshot before = ThreadLeaks.snapshot();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        pool.submit(() -> { });
        pool.shutdown();

        before.assertNoNewThreads();
    }

    @Test
    void a_clean_verdict_does_not_wait_for_the_deadline() {
        ThreadSnapshot before = ThreadLeaks.snapshot();
        ThreadLeakReport report = before.newThreads(Duration.ofSeconds(5));
        assertThat(report.isClean()).isTrue();
        assertThat(report.waited()).isLessThan(Duration.ofMillis(100));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
