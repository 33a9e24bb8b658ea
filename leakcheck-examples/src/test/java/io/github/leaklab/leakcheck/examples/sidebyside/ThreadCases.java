package io.github.leaklab.leakcheck.examples.sidebyside;

import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Six thread workloads, three that leak and three traps that only look like leaks for a while,
 * run the same way under leakcheck and under randomizedtesting. Each records when it returned, so
 * that the time to a verdict is measured from there; each leaves, for {@link #cleanUp()}, how to
 * stop what it leaked, by its owner's way.
 */
public enum ThreadCases {

    /** Two idle workers of a pool nobody shuts down: a leak. */
    EXECUTOR_NEVER_SHUT_DOWN(true) {
        @Override
        void workload() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CLEAN_UP.add(pool::shutdownNow);
            await(pool.submit(() -> {}));
            await(pool.submit(() -> {}));
        }
    },
    /** A thread waiting on a latch nobody counts down: a leak. */
    THREAD_WAITING_FOREVER(true) {
        @Override
        void workload() {
            CountDownLatch never = new CountDownLatch(1);
            CLEAN_UP.add(never::countDown);
            new Thread(() -> awaitQuietly(never), "waits-forever").start();
        }
    },
    /** A Timer with a task an hour away, never cancelled: a leak (its thread waits with a timeout). */
    TIMER_NEVER_CANCELLED(true) {
        @Override
        void workload() {
            Timer timer = new Timer("report-timer", true);
            CLEAN_UP.add(timer::cancel);
            timer.schedule(
                    new TimerTask() {
                        @Override
                        public void run() {}
                    },
                    TimeUnit.HOURS.toMillis(1));
        }
    },
    /** A thread that ends after 80 ms: clean. */
    THREAD_ENDS_AFTER_80_MS(false) {
        @Override
        void workload() {
            new Thread(() -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(80)), "ends-after-80-ms").start();
        }
    },
    /** A thread whose timed wait of 300 ms expires, and which then ends: clean. */
    TIMED_WAIT_EXPIRES(false) {
        @Override
        void workload() {
            CountDownLatch never = new CountDownLatch(1);
            new Thread(() -> awaitQuietly(never, 300), "gives-up-after-300-ms").start();
        }
    },
    /** A pool whose idle workers wait with no timeout, shut down by another thread 150 ms later: clean. */
    POOL_SHUT_DOWN_ASYNCHRONOUSLY(false) {
        @Override
        void workload() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            await(pool.submit(() -> {}));
            await(pool.submit(() -> {}));
            new Thread(
                            () -> {
                                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(150));
                                pool.shutdown();
                            },
                            "shuts-the-pool-down-later")
                    .start();
        }
    };

    /** How to stop what the last workload leaked. */
    static final List<Runnable> CLEAN_UP = new ArrayList<>();
    /** When the last workload returned, from System.nanoTime(). */
    static volatile long returnedAt;

    /** Whether the workload leaks: the true verdict. */
    final boolean leaks;

    ThreadCases(boolean leaks) {
        this.leaks = leaks;
    }

    abstract void workload() throws Exception;

    /** Runs the workload and notes when it returned. */
    void run() throws Exception {
        workload();
        returnedAt = System.nanoTime();
    }

    static void cleanUp() {
        CLEAN_UP.forEach(Runnable::run);
        CLEAN_UP.clear();
    }

    private static void await(java.util.concurrent.Future<?> task) throws InterruptedException, ExecutionException {
        task.get();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(CountDownLatch latch, long millis) {
        try {
            latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
