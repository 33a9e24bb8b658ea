package leaklab.exercise.thread;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.leaklab.leakcheck.StopResult;
import io.github.leaklab.leakcheck.ThreadSnapshot;
import io.github.leaklab.leakcheck.Threads;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What "fixed" means for {@link ImportWorkers}. {@code ./lab verify thread} runs these tests
 * against your code. Leave this file as it is: the fix belongs in ImportWorkers.java.
 */
class ImportWorkersTest {

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

    static final int FILES = 10;
    static final int WORKERS_PER_FILE = 4;
    static final int ROWS_PER_FILE = 25;

    @Test
    void an_open_pool_runs_every_job_it_is_given() throws InterruptedException {
        AtomicInteger stored = new AtomicInteger();
        try (ImportWorkers workers = new ImportWorkers("import", WORKERS_PER_FILE)) {
            CountDownLatch done = new CountDownLatch(100);
            for (int row = 0; row < 100; row++) {
                workers.submit(() -> {
                    stored.incrementAndGet();
                    done.countDown();
                });
            }
            assertThat(done.await(5, SECONDS)).as("all 100 jobs ran within 5 s").isTrue();
        }
        assertThat(stored).as("jobs run").hasValue(100);
    }

    @Test
    void closed_pools_leave_no_worker_threads_behind() throws InterruptedException {
        ThreadSnapshot before = Threads.snapshot();

        for (int file = 1; file <= FILES; file++) {
            importFile("import-" + file, before);
        }

        before.leaks().assertNoLeak();
    }

    @Test
    @DisplayName("close() lets a running job finish, and returns once it has") // punctuation a method name cannot carry
    void close_lets_a_running_job_finish_and_returns_once_it_has() throws InterruptedException {
        ThreadSnapshot before = Threads.snapshot();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        ImportWorkers workers = new ImportWorkers("import-slow", 2);
        Thread closer = new Thread(workers::close, "closer");
        try {
            workers.submit(
                    () -> { // a job that must not stop halfway: it ignores interrupts
                        started.countDown();
                        awaitIgnoringInterrupts(release);
                        finished.set(true);
                    });
            assertThat(started.await(5, SECONDS))
                    .as("the job started within 5 s")
                    .isTrue();

            closer.start();
            // Until close() waits for something, or has returned.
            within(Duration.ofSeconds(5), () -> WAITING.contains(closer.getState()) || !closer.isAlive());

            assertThat(closer.isAlive())
                    .as("close() returned while a job was still running: it must return only once"
                            + " every worker has ended")
                    .isTrue();
        } finally {
            release.countDown(); // the job may end now, whatever happened above
        }
        closer.join(5_000);
        assertThat(closer.isAlive())
                .as("close() still waits, 5 s after its last job ended")
                .isFalse();
        assertThat(finished).as("the running job went on to its end").isTrue();
        before.leaks().assertNoLeak();
    }

    @Test
    @DisplayName("closing a pool twice is harmless, and a closed pool refuses jobs")
    void closing_a_pool_twice_is_harmless_and_a_closed_pool_refuses_jobs() throws InterruptedException {
        ThreadSnapshot before = Threads.snapshot();
        ImportWorkers workers = new ImportWorkers("import-twice", WORKERS_PER_FILE);
        runOneJobPerWorker(workers);
        awaitIdle("import-twice", before);

        workers.close();
        assertThatCode(workers::close).as("the second close()").doesNotThrowAnyException();

        assertThatThrownBy(() -> workers.submit(() -> {}))
                .as("a job submitted to a closed pool")
                .isInstanceOf(IllegalStateException.class);
        before.leaks().assertNoLeak();
    }

    private static final Set<Thread.State> WAITING = EnumSet.of(Thread.State.WAITING, Thread.State.TIMED_WAITING);

    /**
     * What the importer does for each file: open a pool, submit one job per row, wait until every
     * row is stored, close the pool. No reference to a pool survives this method.
     */
    private static void importFile(String name, ThreadSnapshot before) throws InterruptedException {
        CountDownLatch stored = new CountDownLatch(ROWS_PER_FILE);
        try (ImportWorkers workers = new ImportWorkers(name, WORKERS_PER_FILE)) {
            for (int row = 0; row < ROWS_PER_FILE; row++) {
                workers.submit(stored::countDown);
            }
            assertThat(stored.await(5, SECONDS))
                    .as("%s: every row stored within 5 s", name)
                    .isTrue();
            awaitIdle(name, before);
        }
    }

    private static void runOneJobPerWorker(ImportWorkers workers) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(WORKERS_PER_FILE);
        for (int job = 0; job < WORKERS_PER_FILE; job++) {
            workers.submit(done::countDown);
        }
        assertThat(done.await(5, SECONDS))
                .as("%d jobs ran within 5 s", WORKERS_PER_FILE)
                .isTrue();
    }

    /**
     * Until every worker of the pool waits for its next job. Closing an idle pool, never one whose
     * workers are still starting, makes each run of these tests the same on any machine.
     */
    private static void awaitIdle(String name, ThreadSnapshot before) {
        boolean idle = within(
                Duration.ofSeconds(5),
                () -> before.leaksNow().threads().stream()
                                .filter(thread -> thread.name().startsWith(name + "-worker-"))
                                .filter(thread -> WAITING.contains(thread.state()))
                                .count()
                        == WORKERS_PER_FILE);
        assertThat(idle)
                .as("%s: all %d workers waiting for a job within 5 s", name, WORKERS_PER_FILE)
                .isTrue();
    }

    /** Whether {@code condition} became true within {@code limit}, checked on this thread. */
    private static boolean within(Duration limit, BooleanSupplier condition) {
        try {
            await().pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(10))
                    .atMost(limit)
                    .until(condition::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** Waits for {@code latch} however often the thread is interrupted, then restores the interrupt. */
    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
