package leaklab.book.evidence;

import java.time.Duration;
import java.util.List;
import leaklab.leakcheck.ObjectWatcher;
import leaklab.leakcheck.RetentionReport;
import leaklab.leakcheck.ThreadLeakReport;
import leaklab.leakcheck.ThreadLeaks;
import leaklab.leakcheck.ThreadSnapshot;
import leaklab.timer.Session;
import leaklab.timer.SessionManager;

/**
 * What leakcheck says about closed timer sessions, for the book: opens, uses and closes N sessions
 * on a manager with idle timers and N on one without (so that the heartbeat's chain is the only one
 * left to hold those, and Shark shows it too), then prints the {@link RetentionReport} (Shark's paths
 * from a GC root, the bytes retained) and the {@link ThreadLeakReport}, and stops the threads that
 * leaked.
 *
 * <p>Runs in a JVM of its own, on the classpath of one variant: the leaking
 * ({@code scenarios/timer}) and the fixed ({@code fixes/timer}) session classes have the same
 * names, and this code is compiled against their common API. {@link TimerEvidence} starts it.
 *
 * <p>Output, printed by {@link ProbePrinter} and read by {@link ProbeOutput}: {@code key=value}
 * lines, then each report after its section line.
 */
public final class TimerRetentionProbe {

    /** As in the scenario's tests: no heartbeat or idle check fires during the probe, so counts are exact. */
    static final SessionManager.Settings SETTINGS = SessionManager.Settings.defaults()
            .withHeartbeatInterval(Duration.ofHours(1))
            .withIdleTimeout(Duration.ofHours(1))
            .withOutboundBufferBytes(32 * 1024);

    private TimerRetentionProbe() {
    }

    /** @param args the number of sessions to open and close on each manager */
    public static void main(String[] args) {
        int sessions = Integer.parseInt(args[0]);
        try (SessionManager withIdleTimer = new SessionManager(SETTINGS);
             SessionManager heartbeatOnly = new SessionManager(SETTINGS.withIdleTimeout(Duration.ZERO))) {
            // After the managers: their heartbeat threads belong to them, not to any session.
            ThreadSnapshot before = ThreadLeaks.snapshot();
            ObjectWatcher watcher = new ObjectWatcher();
            for (int i = 1; i <= sessions; i++) {
                openSendClose(withIdleTimer, watcher, "user-" + i);
                openSendClose(heartbeatOnly, watcher, "quiet-user-" + i);
            }
            RetentionReport retention = watcher.awaitVerdict();
            ThreadLeakReport threads = before.newThreads();

            ProbePrinter.fact("java", Runtime.version());
            ProbePrinter.fact("sessions", sessions);
            ProbePrinter.verdicts(retention, threads);

            List<Thread> zombies = threads.stopAll();
            if (!zombies.isEmpty()) {
                System.err.println("could not stop " + zombies.size() + " leaked threads: " + zombies);
                System.exit(1);
            }
        }
    }

    /** Returns nothing, so that no session stays reachable from this stack frame. */
    private static void openSendClose(SessionManager manager, ObjectWatcher watcher, String user) {
        Session session = manager.open(user);
        session.send("hello");
        session.close();
        watcher.watch(session, session.toString());
    }
}
