package leaklab.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.github.leaklab.leakcheck.ThreadSnapshot;
import io.github.leaklab.leakcheck.Threads;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Timeouts, proved. The workload of the leaking twin ({@code scenarios/resource},
 * {@code TimeoutsLeakingTest}): an upstream stops answering, and {@value #CALLERS} callers come. The
 * fixed relay waits for an answer no longer than its timeout: every caller gets a 504 and its thread
 * back, and the relay closes each connection it gave up on. The second test is the other way an
 * upstream stops answering: its accept queue is full, and a connection is never even opened.
 *
 * <p>The timeouts are short, so that the test is quick; the upstream holds the requests until the
 * test lets it go, so every request times out however slow the machine is.
 */
class TimeoutsFixedTest {

    static final int CALLERS = 8;
    static final Relay.Timeouts SHORT = new Relay.Timeouts(Duration.ofMillis(200), Duration.ofMillis(200));

    @BeforeAll
    static void socketsCanBeListed() {
        assumeThat(OpenSockets.listable())
                .as("this system lists sockets in /proc (Linux)")
                .isTrue();
    }

    // tag::prove[]
    @Test
    void with_timeouts_every_caller_gets_a_gateway_timeout_and_the_relay_closes_its_sockets() {
        try (Upstream upstream = Upstream.start(Upstream.Settings.defaults().withFailEvery(0));
                Relay relay = new Relay(upstream.uri(), SHORT)) {
            upstream.stopAnswering();
            ThreadSnapshot before =
                    Threads.snapshot().ignoring(thread -> !thread.getName().startsWith("caller-"));
            Map<String, Reply> replies = new ConcurrentHashMap<>();
            startCallers(relay, replies);

            await().atMost(Duration.ofSeconds(30)).until(() -> replies.size() == CALLERS);
            // A connection the client gave up on is closed on the client's own thread: wait for that.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> OpenSockets.connectedTo(upstream.port()).isEmpty());
            System.out.println("The upstream stopped answering; " + CALLERS + " callers came. Their replies: "
                    + replies.values().stream().map(Reply::status).toList() + "; callers still waiting: "
                    + before.leaks() + "\nSockets open to the upstream: "
                    + OpenSockets.connectedTo(upstream.port()).size());

            assertThat(replies.values())
                    .allSatisfy(reply -> assertThat(reply.status()).isEqualTo(504));
            before.leaks().assertNoLeak();
        }
    }

    @Test
    void an_upstream_that_accepts_no_connection_gets_a_gateway_timeout_too() throws IOException {
        // A listening socket that never accepts: once its queue is full, the kernel ignores new
        // connection attempts, and a connect waits for an answer that never comes.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Relay relay = new Relay(URI.create("http://127.0.0.1:" + full.getLocalPort() + "/"), SHORT)) {
            List<Socket> queued = fillTheAcceptQueue(full);
            Reply reply = relay.forward("/quotes/ACME");
            System.out.println(
                    "An upstream whose accept queue is full (" + queued.size() + " connections wait in it): " + reply);

            assertThat(reply.status()).isEqualTo(504);
            assertThat(reply.body()).contains("connect timed out");
            for (Socket socket : queued) {
                socket.close();
            }
        }
    }
    // end::prove[]

    /** {@value #CALLERS} callers, each forwarding one request on a thread of its own. */
    static List<Thread> startCallers(Relay relay, Map<String, Reply> replies) {
        List<Thread> callers = new ArrayList<>();
        for (int i = 1; i <= CALLERS; i++) {
            Thread caller = new Thread(
                    () -> replies.put(Thread.currentThread().getName(), relay.forward("/quotes/ACME")), "caller-" + i);
            caller.setDaemon(true);
            caller.start();
            callers.add(caller);
        }
        return callers;
    }

    /** Connects until a connection attempt gets no answer: the accept queue is full. */
    private static List<Socket> fillTheAcceptQueue(ServerSocket server) throws IOException {
        List<Socket> queued = new ArrayList<>();
        InetSocketAddress address = new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
        for (int i = 0; i < 16; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(address, 1000);
                queued.add(socket);
            } catch (IOException noAnswer) {
                socket.close();
                return queued;
            }
        }
        throw new IllegalStateException("16 connections and still no full queue: this system does not drop"
                + " connection attempts when a listening socket's queue is full");
    }
}
