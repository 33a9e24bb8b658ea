package io.github.leaklab.leakcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Thread verdicts, each both ways: what must be judged leaked, and what must be judged clean. */
class ThreadsTest {

    /** What a test leaked on purpose, stopped by its owner's way after the test. */
    private final List<Runnable> cleanUp = new ArrayList<>();

    @AfterEach
    void stopWhatTheTestLeaked() {
        cleanUp.forEach(Runnable::run);
    }

    @Test
    void a_timer_never_cancelled_is_a_leak_with_where_it_was_created_and_how_to_stop_it() {
        ThreadSnapshot before = Threads.snapshot();

        Timer timer = scheduleAReport();
        cleanUp.add(timer::cancel);

        ThreadReport report = before.leaks(Duration.ofMillis(300)); // a Timer's thread never ends by itself
        assertThat(report.verdict()).isEqualTo(Verdict.LEAK);
        LeakedThread leaked = report.threads().get(0);
        assertThat(leaked.name()).isEqualTo("report-timer");
        assertThat(leaked.kind()).isEqualTo(LeakedThread.Kind.TIMER);
        assertThat(leaked.waitingIn()).isEqualTo("java.util.TimerThread.mainLoop");
        assertThat(leaked.startedBy())
                .hasValueSatisfying(frame -> assertThat(frame.getMethodName()).isEqualTo("scheduleAReport"));
        assertThat(report.toString())
                .contains("1 thread started by the workload is still running")
                .contains("\"report-timer\"")
                .contains("started at (JFR jdk.ThreadStart):\n      at java.util.Timer.<init>")
                .contains("ThreadsTest.scheduleAReport(line ")
                .contains("Next: cancel() the java.util.Timer created at " + ThreadsTest.class.getName()
                        + ".scheduleAReport(line ");
        assertThatThrownBy(report::assertNoLeak)
                .isInstanceOf(AssertionError.class)
                .hasMessage(report.toString());
        System.out.println(report);
    }

    private static Timer scheduleAReport() {
        Timer timer = new Timer("report-timer", true);
        timer.schedule(
                new TimerTask() {
                    @Override
                    public void run() {}
                },
                TimeUnit.HOURS.toMillis(1));
        return timer;
    }

    @Test
    void an_executor_nobody_shuts_down_leaks_idle_workers_named_as_such() {
        ThreadSnapshot before = Threads.snapshot();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        cleanUp.add(pool::shutdownNow);
        pool.submit(() -> {});
        pool.submit(() -> {});

        ThreadReport report = before.leaks();
        assertThat(report.count()).isEqualTo(2);
        assertThat(report.threads()).extracting(LeakedThread::kind).containsOnly(LeakedThread.Kind.POOL_WORKER);
        assertThat(report.countByWaitingFrame()).containsOnlyKeys("java.util.concurrent.LinkedBlockingQueue.take");
        assertThat(report.toString())
                .contains("an idle worker of a java.util.concurrent.ThreadPoolExecutor, waiting for its next task in"
                        + " java.util.concurrent.ThreadPoolExecutor.getTask")
                .contains("at java.util.concurrent.ThreadPoolExecutor.getTask")
                .contains("Next: shut down the pool this worker belongs to (started at " + ThreadsTest.class.getName()
                        + ".an_executor_nobody_shuts_down_leaks_idle_workers_named_as_such(line ");
    }

    @Test
    void a_worker_waiting_forever_is_decided_early_and_one_that_ends_in_80_ms_is_not() {
        ThreadSnapshot before = Threads.snapshot();
        CountDownLatch never = new CountDownLatch(1);
        cleanUp.add(never::countDown);
        new Thread(() -> awaitQuietly(never), "waits-forever").start();

        ThreadReport forever = before.leaks(Duration.ofSeconds(30));

        assertThat(forever.verdict()).isEqualTo(Verdict.LEAK);
        assertThat(forever.decidedEarly()).isTrue();
        assertThat(forever.threads().get(0).waitingIn()).isEqualTo("java.util.concurrent.CountDownLatch.await");
        assertThat(forever.toString()).contains("decided after").contains("it waits with no timeout");
        never.countDown();

        ThreadSnapshot again = Threads.snapshot();
        new Thread(() -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(80)), "ends-after-80-ms").start();
        assertThat(again.leaks().verdict()).isEqualTo(Verdict.CLEAN);
    }

    @Test
    void a_timed_wait_that_expires_is_clean() {
        ThreadSnapshot before = Threads.snapshot();
        CountDownLatch never = new CountDownLatch(1);
        new Thread(
                        () -> {
                            try {
                                never.await(300, TimeUnit.MILLISECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "gives-up-after-300-ms")
                .start();

        ThreadReport report = before.leaks();
        assertThat(report.verdict()).as(report.toString()).isEqualTo(Verdict.CLEAN);
    }

    @Test
    void a_pool_shut_down_by_another_thread_after_a_while_is_clean() {
        ThreadSnapshot before = Threads.snapshot();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        pool.submit(() -> {});
        pool.submit(() -> {});
        // The workers wait with no timeout; the thread that will shut their pool down sleeps first.
        new Thread(
                        () -> {
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(150));
                            pool.shutdown();
                        },
                        "closes-later")
                .start();

        ThreadReport report = before.leaks();
        assertThat(report.verdict()).as(report.toString()).isEqualTo(Verdict.CLEAN);
    }

    @Test
    void threads_alive_before_the_snapshot_are_never_leaks_and_leaks_now_does_not_wait() {
        CountDownLatch never = new CountDownLatch(1);
        cleanUp.add(never::countDown);
        new Thread(() -> awaitQuietly(never), "started-before-the-snapshot").start();

        ThreadSnapshot before = Threads.snapshot();
        assertThat(before.leaksNow().verdict()).isEqualTo(Verdict.CLEAN);

        CountDownLatch later = new CountDownLatch(1);
        cleanUp.add(later::countDown);
        new Thread(() -> awaitQuietly(later), "started-after").start();
        ThreadReport now = before.leaksNow();
        assertThat(now.threads()).extracting(LeakedThread::name).containsExactly("started-after");
        assertThat(now.decidedEarly()).isFalse();
    }

    @Test
    void ignored_threads_by_name_or_by_the_frame_they_wait_in_are_not_leaks() {
        ThreadSnapshot before = Threads.snapshot();
        CountDownLatch never = new CountDownLatch(1);
        cleanUp.add(never::countDown);
        new Thread(() -> awaitQuietly(never), "cache-refresher-1").start();
        Timer timer = scheduleAReport();
        cleanUp.add(timer::cancel);

        assertThat(before.ignoringNames("cache-refresher-.*").leaksNow().threads())
                .extracting(LeakedThread::name)
                .containsExactly("report-timer");
        assertThat(before.ignoringNames("cache-refresher-.*")
                        .ignoringTopFrames("java\\.util\\.TimerThread\\.mainLoop")
                        .leaksNow()
                        .verdict())
                .isEqualTo(Verdict.CLEAN);
        assertThat(before.ignoringTopFrames(".*CountDownLatch\\.await")
                        .ignoringNames("report-timer")
                        .leaksNow()
                        .verdict())
                .isEqualTo(Verdict.CLEAN);
    }

    @Test
    void without_add_opens_a_timer_cannot_be_stopped_from_outside_and_the_result_says_which_flag_would() {
        ThreadSnapshot before = Threads.snapshot();
        Timer timer = scheduleAReport();
        cleanUp.add(timer::cancel);

        StopResult stopped = before.stopNewThreads(Duration.ofMillis(200));

        // This test JVM runs without the build's --add-opens, as a user's would.
        assertThat(stopped.allStopped()).isFalse();
        assertThat(stopped.toString())
                .contains("\"report-timer\" is a java.util.Timer's thread")
                .contains("--add-opens java.base/java.util=ALL-UNNAMED");
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
