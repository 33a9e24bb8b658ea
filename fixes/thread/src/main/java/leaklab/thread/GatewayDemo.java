package leaklab.thread;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import leaklab.demo.DemoOptions;
import leaklab.demo.Gauge;
import leaklab.demo.LiveDemo;

/**
 * The gateway under load, live. Requests arrive at {@code --rate} a second, one at a time. The
 * backend answers at once, except for one request in {@value #SLOW_EVERY}, which takes
 * {@value #SLOW_MILLIS} ms and so times out ({@value #TIMEOUT_MILLIS} ms). With one request in
 * flight at most, every figure should stay flat: busy workers, waiting watchers, permits in use,
 * and with them live threads and the Thread category of native memory. If threads follow the
 * requests ever made instead, threads are still waiting for requests that ended long ago.
 *
 * <p>Run it from the project root (the fixed twin: {@code fixes/thread}), with native memory
 * tracking on, so that {@code jcmd <pid> VM.native_memory summary} shows the Thread category:
 * <pre>
 * JAVA_OPTS=-XX:NativeMemoryTracking=summary ./run-demo scenarios/thread --duration 30s --rate 50
 * </pre>
 */
public final class GatewayDemo {

    static final int SLOW_EVERY = 10;
    static final long SLOW_MILLIS = 100;
    static final long TIMEOUT_MILLIS = 20;

    private GatewayDemo() {}

    public static void main(String[] args) {
        LiveDemo demo = new LiveDemo(
                        "GatewayDemo",
                        "requests per second, one in " + SLOW_EVERY + " too slow for the timeout",
                        "request")
                .ask(
                        "Thread.print",
                        "how many gateway-worker-* threads wait in SynchronousQueue.put,"
                                + " and cancel-watcher-* in RequestScope.awaitCancellation?");
        DemoOptions options = demo.parseOrExit(args);

        AtomicLong backendCalls = new AtomicLong();
        Gateway.Backend backend = request -> {
            // The 5th, 15th, 25th... call is slow, well past the timeout. (Not the 10th, 20th...: at a round
            // rate that would be the request just before each gauge line, whose permit its watcher may
            // not have given back yet, and the permits column would read 1 all along.)
            if (backendCalls.incrementAndGet() % SLOW_EVERY == SLOW_EVERY / 2) {
                Thread.sleep(SLOW_MILLIS);
            }
            return "answer to " + request;
        };
        Gateway.Settings settings = Gateway.Settings.defaults().withTimeout(Duration.ofMillis(TIMEOUT_MILLIS));
        try (Gateway gateway = new Gateway(settings, backend)) {
            AtomicLong requests = new AtomicLong();
            AtomicLong timedOut = new AtomicLong();
            Gauge gauge = Gauge.ofThisJvm()
                    .count("workers", "busyWorkers", gateway::busyWorkers)
                    .count("watchers", "waitingWatchers", gateway::waitingWatchers)
                    .count("permits", "permitsInUse", gateway::permitsInUse)
                    .total("timed out", "timedOut", timedOut::get)
                    .total("requests", "requests", requests::get);

            demo.run(options, gauge, () -> {
                try {
                    gateway.call("request-" + requests.incrementAndGet());
                } catch (TimeoutException e) {
                    timedOut.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("the demo was interrupted", e);
                }
            });
        }
    }
}
