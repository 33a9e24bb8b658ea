package leaklab.timer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;
import leaklab.demo.DemoOptions;
import leaklab.demo.Gauge;
import leaklab.demo.LiveDemo;

/**
 * The session manager under load, live. Clients connect at {@code --rate} a second, say hello, and
 * leave about a second later, so the number of open sessions stays flat. Watch the other figures:
 * live threads and queued heartbeat tasks should follow the open sessions; if they follow the
 * sessions ever opened instead, closed sessions are still scheduled somewhere.
 *
 * <p>Run it from the project root (the fixed twin: {@code ./run-demo fixes/timer}):
 * <pre>
 * ./run-demo scenarios/timer --duration 30s --rate 50
 * </pre>
 */
public final class TimerDemo {

    private TimerDemo() {}

    public static void main(String[] args) {
        LiveDemo demo = new LiveDemo("TimerDemo", "sessions opened per second, each open for about a second", "session")
                .ask("Thread.print", "how many idle-timeout-* threads are there, and where do they wait?")
                .ask("GC.class_histogram", "how many leaklab.timer.Session objects are there?");
        DemoOptions options = demo.parseOrExit(args);

        try (SessionManager manager = new SessionManager(SessionManager.Settings.defaults())) {
            AtomicLong opened = new AtomicLong();
            Deque<Session> connected = new ArrayDeque<>();
            Gauge gauge = Gauge.ofThisJvm()
                    .count("queued", "queuedTasks", manager::queuedTasks)
                    .count("open", "openSessions", manager::openSessions)
                    .total("opened", "sessionsOpened", opened::get);

            demo.run(options, gauge, () -> {
                Session session = manager.open("user-" + opened.incrementAndGet());
                session.onMessage("hello");
                session.send("welcome, " + session.userId());
                connected.addLast(session);
                // The client that connected a second ago leaves.
                if (connected.size() > options.rate()) {
                    connected.removeFirst().close();
                }
            });
        }
    }
}
