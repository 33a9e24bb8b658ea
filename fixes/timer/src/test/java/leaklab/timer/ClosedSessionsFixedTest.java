package leaklab.timer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.leaklab.leakcheck.Growth;
import io.github.leaklab.leakcheck.GrowthReport;
import io.github.leaklab.leakcheck.Metric;
import io.github.leaklab.leakcheck.ObjectWatcher;
import io.github.leaklab.leakcheck.RetentionReport;
import io.github.leaklab.leakcheck.ThreadSnapshot;
import io.github.leaklab.leakcheck.Threads;
import io.github.leaklab.leakcheck.junit.LeakCheck;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The timer leak, fixed. The workload of the leaking twin ({@code scenarios/timer},
 * {@code ClosedSessionsLeakingTest}): open a session, send a line, close it, {@value #SESSIONS} times
 * on a manager of its own. Now close() cancels the heartbeat and the idle timer, and:
 * <ol>
 *   <li>no heartbeat task is left in the executor's queue;</li>
 *   <li>every closed session is garbage collected;</li>
 *   <li>no Timer thread outlives its session.</li>
 * </ol>
 * The last test shows why the fix also sets the executor's remove-on-cancel policy: without it a
 * cancelled heartbeat stays in the queue until the time it would have run next.
 */
@LeakCheck // fails a test that leaves a thread running or a descriptor open
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClosedSessionsFixedTest {

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
    void a_closed_session_leaves_no_heartbeat_task_queued() {
        try (SessionManager manager = new SessionManager(SETTINGS)) {
            Metric queuedTasks = Metric.count("queued heartbeat tasks", "task", manager::queuedTasks);
            GrowthReport queued =
                    Growth.of(queuedTasks).measure(ROUNDS, SESSIONS / ROUNDS, () -> openSendClose(manager));
            System.out.println("Heartbeat tasks queued per session opened and closed: " + queued);

            assertThat(manager.openSessions()).isZero();
            assertThat(manager.queuedTasks()).isZero();
        }
    }

    @Test
    @Order(2)
    void closed_sessions_are_all_garbage_collected() {
        try (SessionManager manager = new SessionManager(SETTINGS)) {
            ObjectWatcher watcher = new ObjectWatcher();
            for (int i = 0; i < SESSIONS; i++) {
                openSendClose(manager, watcher);
            }
            RetentionReport report = watcher.leaks();
            System.out.println("Sessions still reachable after close: " + report);

            report.assertNoLeak();
        }
    }

    @Test
    @Order(3)
    void closing_a_session_ends_its_idle_timer_thread() {
        // The manager's own heartbeat thread starts with the manager, before the snapshot.
        try (SessionManager manager = new SessionManager(SETTINGS)) {
            ThreadSnapshot before = Threads.snapshot();
            // Counted by identity: threads started since the snapshot that are alive once those that
            // are ending (a cancelled Timer's thread ends on its own, soon after) have ended.
            Metric stillAlive = Metric.count(
                    "threads started and still alive",
                    "thread",
                    () -> before.leaks().count());
            GrowthReport threads =
                    Growth.of(stillAlive).measure(ROUNDS, SESSIONS / ROUNDS, () -> openSendClose(manager));
            System.out.println("Threads left running per session opened and closed: " + threads);

            before.leaks().assertNoLeak();
        }
    }

    @Test
    @Order(4)
    void without_remove_on_cancel_every_cancelled_heartbeat_stays_queued() {
        try (SessionManager manager = new SessionManager(SETTINGS)) {
            manager.heartbeats().setRemoveOnCancelPolicy(false); // the executor's default
            ObjectWatcher watcher = new ObjectWatcher();
            Metric queuedTasks = Metric.count("queued heartbeat tasks", "task", manager::queuedTasks);
            GrowthReport queued =
                    Growth.of(queuedTasks).measure(ROUNDS, SESSIONS / ROUNDS, () -> openSendClose(manager, watcher));
            RetentionReport report = watcher.leaks();
            System.out.println("Without remove-on-cancel, heartbeat tasks queued per session opened and closed: "
                    + queued + "; sessions: " + report);

            // Every heartbeat was cancelled, yet each waits in the queue for its next run, an hour away.
            assertThat(manager.openSessions()).isZero();
            assertThat(manager.queuedTasks()).isEqualTo(SESSIONS);
            // What waits is the task alone: a cancelled FutureTask drops what it was to run, so the
            // session it captured is free. The queue still counts (and keeps) one dead task per session
            // closed within the last heartbeat interval.
            report.assertNoLeak();
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
}
