package leaklab.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.github.leaklab.leakcheck.ThreadReport;
import io.github.leaklab.leakcheck.ThreadSnapshot;
import io.github.leaklab.leakcheck.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The other half of the same incidents: an upstream that stops answering. The leaking relay sets
 * no timeout, neither to connect nor for the answer, so each caller waits for as long as the
 * upstream takes, and the callers pile up, each with its thread and its socket, as requests keep
 * coming. The fixed twin ({@code fixes/resource}, {@code TimeoutsFixedTest}) runs the same workload
 * with timeouts, and every caller gets a 504 instead.
 *
 * <p>Nothing here waits for time to pass: the upstream holds every request until the test lets it
 * answer, so the callers are stuck however long a machine takes, and the test lets them go at the end.
 */
class TimeoutsLeakingTest {

    static final int CALLERS = 8;

    @BeforeAll
    static void socketsCanBeListed() {
        assumeThat(OpenSockets.listable())
                .as("this system lists sockets in /proc (Linux)")
                .isTrue();
        // leakcheck records thread starts (JFR) from its first snapshot on: start it before the callers.
        Threads.snapshot();
    }

    // tag::prove[]
    @Test
    void without_timeouts_every_caller_waits_as_long_as_the_upstream_that_stopped_answering()
            throws InterruptedException {
        try (Upstream upstream = Upstream.start(Upstream.Settings.defaults().withFailEvery(0));
                Relay relay = new Relay(upstream.uri())) {
            upstream.stopAnswering();
            ThreadSnapshot before =
                    Threads.snapshot().ignoring(thread -> !thread.getName().startsWith("caller-"));
            ThreadSnapshot firstCaller =
                    before.ignoring(thread -> !thread.getName().equals("caller-1"));
            Map<String, Reply> replies = new ConcurrentHashMap<>();
            List<Thread> callers = startCallers(relay, replies);

            // Every caller's request has reached the upstream, which holds it.
            await().atMost(Duration.ofSeconds(30)).until(() -> upstream.waitingRequests() == CALLERS);
            ThreadReport waiting = before.leaksNow();
            List<OpenSockets.Socket> sockets = OpenSockets.connectedTo(upstream.port());
            System.out.println("The upstream stopped answering; " + CALLERS + " callers came. Sockets open to the"
                    + " upstream: " + sockets.size() + ", requests the upstream holds: " + upstream.waitingRequests()
                    + ", callers waiting: " + waiting.count() + ", " + waiting.countByWaitingFrame()
                    + ". The first of them, as leakcheck reports it: " + firstCaller.leaksNow());

            assertThat(waiting.threads())
                    .hasSize(CALLERS)
                    .allSatisfy(caller -> assertThat(caller.state()).isEqualTo(Thread.State.WAITING))
                    .allSatisfy(caller -> assertThat(caller.stack())
                            .anySatisfy(frame -> assertThat(frame.getClassName() + "." + frame.getMethodName())
                                    .isEqualTo("jdk.internal.net.http.HttpClientImpl.send")));
            assertThat(sockets).hasSize(CALLERS);
            assertThat(replies).isEmpty();

            // They wait as long as the upstream takes: once it answers, every one of them gets its answer.
            upstream.resumeAnswering();
            for (Thread caller : callers) {
                caller.join(Duration.ofSeconds(30).toMillis());
            }
            assertThat(replies.values())
                    .hasSize(CALLERS)
                    .allSatisfy(reply -> assertThat(reply.status()).isEqualTo(200));
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
}
