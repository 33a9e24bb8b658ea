package leaklab.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import io.github.leaklab.leakcheck.Growth;
import io.github.leaklab.leakcheck.GrowthReport;
import io.github.leaklab.leakcheck.LeakedThread;
import io.github.leaklab.leakcheck.Metric;
import io.github.leaklab.leakcheck.ObjectWatcher;
import io.github.leaklab.leakcheck.RetentionReport;
import io.github.leaklab.leakcheck.StopResult;
import io.github.leaklab.leakcheck.ThreadReport;
import io.github.leaklab.leakcheck.ThreadSnapshot;
import io.github.leaklab.leakcheck.Threads;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The timer leak, proved. Each test opens a session, sends a line and closes it, {@value #SESSIONS}
 * times, on a manager of its own; then it shows one place where the closed sessions are still held:
 * <ol>
 *   <li>the heartbeat executor's queue still has a task for each of them;</li>
 *   <li>every one of them is still reachable (and the test prints the paths from a GC root): through
 *       its idle Timer's thread, or, with the idle timer off, through the heartbeat queue;</li>
 *   <li>the idle-timeout Timer thread of each is still alive.</li>
 * </ol>
 * These tests pass <em>because</em> it leaks. The fixed twin ({@code fixes/timer},
 * {@code ClosedSessionsFixedTest}) runs the same workload and proves all three gone.
 *
 * <p>No heartbeat or idle check fires during a test (both are an hour away), so the figures are
 * exact. The teardown stops the leaked Timer threads after each test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClosedSessionsLeakingTest {

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

    static final int SESSIONS = 100;
    static final int ROUNDS = 4;
    static final int BUFFER_BYTES = 32 * 1024;
    static final SessionManager.Settings SETTINGS = SessionManager.Settings.defaults()
            .withHeartbeatInterval(Duration.ofHours(1))
            .withIdleTimeout(Duration.ofHours(1))
            .withOutboundBufferBytes(BUFFER_BYTES);

    private static final AtomicInteger users = new AtomicInteger();

    // tag::prove[]
    @Test
    @Order(1)
    void every_closed_session_leaves_its_heartbeat_task_queued() {
        try (SessionManager manager = new SessionManager(SETTINGS)) {
            Metric queuedTasks = Metric.count("queued heartbeat tasks", "task", manager::queuedTasks);
            GrowthReport queued =
                    Growth.of(queuedTasks).measure(ROUNDS, SESSIONS / ROUNDS, () -> openSendClose(manager));
            System.out.println("Heartbeat tasks queued per session opened and closed: " + queued);

            assertThat(manager.openSessions()).isZero();
            assertThat(manager.queuedTasks()).isEqualTo(SESSIONS);
        }
    }

    @Test
    @Order(2)
    void every_closed_session_stays_reachable_through_its_idle_timer_or_the_heartbeat_queue() {
        try (SessionManager withIdleTimer = new SessionManager(SETTINGS);
                SessionManager heartbeatOnly = new SessionManager(SETTINGS.withIdleTimeout(Duration.ZERO))) {
            ObjectWatcher watcher = new ObjectWatcher();
            for (int i = 0; i < SESSIONS; i++) {
                openSendClose(withIdleTimer, watcher);
                openSendClose(heartbeatOnly, watcher);
            }
            // No GC can free what a live thread still reaches: skip the polling, go to the heap dump.
            RetentionReport report = watcher.leaksNow();
            System.out.println("Sessions still reachable after close: " + report);

            assertThat(report.retainedCount()).isEqualTo(2 * SESSIONS);
            assertThat(report.retainedBytes()).isGreaterThanOrEqualTo(2L * SESSIONS * BUFFER_BYTES);
            // Each session is held by whichever holder is nearer a GC root: its own idle Timer's
            // thread, or, with the idle timer off, the heartbeat executor's work queue.
            assertThat(report.countByPath()).hasSize(2);
            assertThat(report.countByPath()).anySatisfy((path, sessions) -> {
                assertThat(path).startsWith("TimerThread.queue");
                assertThat(sessions).isEqualTo(SESSIONS);
            });
            assertThat(report.countByPath()).anySatisfy((path, sessions) -> {
                assertThat(path).contains("ThreadPoolExecutor.workQueue");
                assertThat(sessions).isEqualTo(SESSIONS);
            });
        }
    }

    @Test
    @Order(3)
    void every_closed_session_leaves_its_idle_timer_thread_alive() {
        try (SessionManager manager = new SessionManager(SETTINGS)) {
            ThreadSnapshot before = Threads.snapshot();
            // Counted by identity: threads started since the snapshot that are alive now.
            Metric stillAlive = Metric.count(
                    "threads started and still alive",
                    "thread",
                    () -> before.leaksNow().count());
            GrowthReport threads =
                    Growth.of(stillAlive).measure(ROUNDS, SESSIONS / ROUNDS, () -> openSendClose(manager));
            System.out.println("Threads left running per session opened and closed: " + threads);

            // A Timer thread waits for work as soon as it has started; wait for that, not for time.
            // (Polling in this thread: Awaitility's own poller would be one more new thread.)
            await().atMost(Duration.ofSeconds(30))
                    .pollInSameThread()
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> timerThreadsWaiting(before.leaksNow()) == SESSIONS);
            ThreadReport leaked = before.leaksNow();
            System.out.println("The threads they left: " + leaked);

            assertThat(leaked.count()).isEqualTo(SESSIONS);
            assertThat(leaked.countByWaitingFrame())
                    .containsExactly(entry("java.util.TimerThread.mainLoop", (long) SESSIONS));
            assertThat(leaked.threads())
                    .extracting(LeakedThread::name)
                    .allMatch(name -> name.startsWith("idle-timeout-user-"));
        }
    }
    // end::prove[]

    /** The workload: a client connects, says something, and leaves. */
    private static void openSendClose(SessionManager manager) {
        Session session = manager.open("user-" + users.incrementAndGet());
        session.send("hello");
        session.close();
    }

    /** The same, watching the session; returns nothing so that no session stays on the test's stack. */
    private static void openSendClose(SessionManager manager, ObjectWatcher watcher) {
        Session session = manager.open("user-" + users.incrementAndGet());
        session.send("hello");
        session.close();
        watcher.watch(session, session.toString());
    }

    private static long timerThreadsWaiting(ThreadReport report) {
        return report.countByWaitingFrame().getOrDefault("java.util.TimerThread.mainLoop", 0L);
    }
}
