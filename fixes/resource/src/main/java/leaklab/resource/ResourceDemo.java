package leaklab.resource;

import java.util.concurrent.atomic.AtomicLong;
import leaklab.demo.DemoOptions;
import leaklab.demo.Gauge;
import leaklab.demo.LiveDemo;

/**
 * The relay under load, live, with its upstream in the same process. Requests arrive at
 * {@code --rate} a second, one at a time, and the upstream answers one in
 * {@value #FAIL_EVERY} with an error, 429 or 500. One request at a time needs one connection:
 * the relay's open sockets to the upstream and the process's open files should stay flat, and the
 * upstream should see the same connection again and again. If they follow the errors instead, each
 * error left its connection open.
 *
 * <p>The upstream closes a connection that has been idle for {@value #UPSTREAM_IDLE_SECONDS} s, as
 * servers do; a relay whose end stays open then holds a socket in {@code CLOSE_WAIT}: the other
 * side has closed, this side never will.
 *
 * <p>Run it from the project root (the fixed twin: {@code ./run-demo fixes/resource}), and list its
 * descriptors from another terminal with {@code ls -l /proc/<pid>/fd}:
 * <pre>
 * ./run-demo scenarios/resource --duration 30s --rate 50
 * </pre>
 */
public final class ResourceDemo {

    static final int FAIL_EVERY = 4;
    static final int UPSTREAM_IDLE_SECONDS = 5;

    private ResourceDemo() {}

    public static void main(String[] args) {
        LiveDemo demo = new LiveDemo(
                        "ResourceDemo",
                        "requests relayed per second, one in " + FAIL_EVERY + " answered 429 or 500 by the upstream",
                        "request")
                .ask("GC.class_histogram", "how many sun.nio.ch.SocketChannelImpl objects (open sockets) are there?")
                .ask("VM.system_properties", "what the upstream's idle timeout (sun.net.httpserver.idleInterval) is");
        DemoOptions options = demo.parseOrExit(args);

        // The JDK's server reads these once, when its first server starts: an idle connection is
        // closed after UPSTREAM_IDLE_SECONDS, checked every second.
        System.setProperty("sun.net.httpserver.idleInterval", Integer.toString(UPSTREAM_IDLE_SECONDS));
        System.setProperty("sun.net.httpserver.clockTick", "1000");
        try (Upstream upstream = Upstream.start(Upstream.Settings.defaults().withFailEvery(FAIL_EVERY));
                Relay relay = new Relay(upstream.uri())) {
            AtomicLong errors = new AtomicLong();
            AtomicLong wrong = new AtomicLong();
            Gauge gauge = Gauge.ofThisJvm()
                    .withOpenFiles()
                    .count(
                            "to upstream",
                            "relaySockets",
                            () -> OpenSockets.connectedTo(upstream.port()).size())
                    .count(
                            "close-wait",
                            "closeWait",
                            () -> OpenSockets.connectedTo(upstream.port()).stream()
                                    .filter(socket -> socket.state().equals("CLOSE_WAIT"))
                                    .count())
                    .total("upstream conns", "upstreamConnections", upstream::connectionsSeen)
                    .total("errors", "errorReplies", errors::get)
                    .total("wrong", "wrongReplies", wrong::get);

            demo.run(options, gauge, () -> {
                long n = upstream.requests() + 1; // the upstream counts this request as the n-th
                Reply reply = relay.forward("/quotes/ACME");
                int expected = n % FAIL_EVERY != 0 ? 200 : (n / FAIL_EVERY) % 2 == 1 ? 429 : 502;
                if (reply.status() != 200) {
                    errors.incrementAndGet();
                }
                if (reply.status() != expected) {
                    wrong.incrementAndGet();
                }
            });
        }
    }
}
