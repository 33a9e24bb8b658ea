package io.github.leaklab.leakcheck.junit.cases;

import io.github.leaklab.leakcheck.ObjectWatcher;
import io.github.leaklab.leakcheck.junit.LeakCheck;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test classes that {@code LeakCheckExtensionTest} runs with the JUnit Platform's EngineTestKit,
 * each a user's test class, leaking or not. Not run by the build itself (their names do not end in Test).
 */
public final class LeakingCases {

    private LeakingCases() {}

    /** The threads these cases leak on purpose, for the runner to stop when the extension cannot. */
    public static final List<Runnable> CLEAN_UP = new ArrayList<>();

    /** A shorter linger than the default, which would only make the test slower: a Timer's thread never ends by itself. */
    @LeakCheck(lingerMillis = 300)
    public static class LeavesATimerRunning {
        @Test
        void schedules_a_report() {
            Timer timer = new Timer("report-timer", true);
            CLEAN_UP.add(timer::cancel);
            timer.schedule(
                    new TimerTask() {
                        @Override
                        public void run() {}
                    },
                    TimeUnit.HOURS.toMillis(1));
        }
    }

    @LeakCheck
    public static class LeavesAThreadWaitingForever {
        static final CountDownLatch NEVER = new CountDownLatch(1);

        @Test
        void starts_a_poller() {
            CLEAN_UP.add(NEVER::countDown);
            new Thread(
                            () -> {
                                try {
                                    NEVER.await();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            "poller")
                    .start();
        }
    }

    @LeakCheck
    public static class ShutsItsPoolDown {
        @Test
        void runs_two_tasks() throws InterruptedException {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            pool.submit(() -> {});
            pool.submit(() -> {});
            pool.shutdown();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }

        @Test
        void starts_a_thread_that_ends_after_80_ms() {
            new Thread(() -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(80)), "short-lived").start();
        }
    }

    @LeakCheck(ignoreThreadNames = "poller", ignoreTopFrames = "java\\.util\\.TimerThread\\.mainLoop")
    public static class IgnoresWhatItIsToldTo {
        @Test
        void starts_a_poller_and_a_timer() {
            new LeavesAThreadWaitingForever().starts_a_poller();
            new LeavesATimerRunning().schedules_a_report();
        }
    }

    /** A pool shared by the tests of the class, shut down after all: fine with scope CLASS. */
    @LeakCheck(scope = LeakCheck.Scope.CLASS)
    public static class SharesAPoolAcrossItsTests {
        static ExecutorService pool;

        @BeforeAll
        static void startThePool() {
            pool = Executors.newFixedThreadPool(2);
        }

        @Test
        void first() {
            pool.submit(() -> {});
        }

        @Test
        void second() {
            pool.submit(() -> {});
        }

        @AfterAll
        static void stopThePool() throws InterruptedException {
            pool.shutdown();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @LeakCheck(lingerMillis = 300)
    public static class KeepsAStreamOpen {
        static final List<InputStream> OPEN = new ArrayList<>();

        @TempDir
        Path dir;

        @Test
        void reads_the_first_line() throws IOException {
            Path file = Files.writeString(dir.resolve("orders.log"), "one order\n");
            OPEN.add(new FileInputStream(file.toFile()));
            CLEAN_UP.add(() -> {
                try {
                    OPEN.get(0).close();
                } catch (IOException ignored) {
                    // closed already
                }
                OPEN.clear();
            });
        }
    }

    @LeakCheck
    public static class HandsObjectsOver {
        static final List<Object> LISTENERS = new ArrayList<>();

        @Test
        void registers_a_listener_and_never_removes_it(ObjectWatcher watcher) {
            Object listener = new Object();
            LISTENERS.add(listener);
            CLEAN_UP.add(LISTENERS::clear);
            watcher.watch(listener, "listener of the closed session");
        }

        @Test
        void drops_what_it_made(ObjectWatcher watcher) {
            Object garbage = new Object();
            watcher.watch(garbage, "garbage");
        }
    }
}
