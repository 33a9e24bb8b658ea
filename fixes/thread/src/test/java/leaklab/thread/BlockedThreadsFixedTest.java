package leaklab.thread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import io.github.leaklab.leakcheck.Growth;
import io.github.leaklab.leakcheck.GrowthReport;
import io.github.leaklab.leakcheck.Metric;
import io.github.leaklab.leakcheck.ObjectWatcher;
import io.github.leaklab.leakcheck.RetentionReport;
import io.github.leaklab.leakcheck.ThreadReport;
import io.github.leaklab.leakcheck.ThreadSnapshot;
import io.github.leaklab.leakcheck.Threads;
import io.github.leaklab.leakcheck.junit.LeakCheck;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The blocked-thread leak, fixed. The workloads of the leaking twin ({@code scenarios/thread},
 * {@code BlockedThreadsLeakingTest}): {@value #REQUESTS} requests, one after the other, on a gateway of
 * their own, that all time out or all complete. Now, while the gateway is still open:
 * <ol>
 *   <li>a request that times out interrupts its worker, which goes back to its pool;</li>
 *   <li>even a worker whose backend ignores the interrupt gives up the hand-off once the caller's
 *       timeout has passed;</li>
 *   <li>a request that completes gives its permit back and wakes its watcher, which ends.</li>
 * </ol>
 * Then closing the gateway ends every thread it started. The release itself (once, under racing
 * callers, on cancellation, never with a null callback) is proved in {@code ReleaseOnceTest}.
 */
@LeakCheck // fails a test that leaves a thread running or a descriptor open
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BlockedThreadsFixedTest {

    static final int REQUESTS = 50;
    static final int ROUNDS = 5;
    static final String HANDOFF_FRAME = "java.util.concurrent.SynchronousQueue.put";
    static final String WATCHER_FRAME = "leaklab.thread.RequestScope.awaitCancellation";
    /** Every request times out: the backend answers only after the test opens its gate. */
    static final Gateway.Settings TIMING_OUT = Gateway.Settings.defaults().withTimeout(Duration.ofMillis(1));
    /** No request times out: the backend answers at once, and the caller would wait 10 s. */
    static final Gateway.Settings ANSWERING = Gateway.Settings.defaults().withTimeout(Duration.ofSeconds(10));

    private static final AtomicInteger requests = new AtomicInteger();

    // tag::prove[]
    @Test
    @Order(1)
    void a_timed_out_request_interrupts_its_worker_which_goes_back_to_its_pool() {
        // Before the gateway: closing it must end every thread it started.
        ThreadSnapshot before = Threads.snapshot();
        CountDownLatch gate = new CountDownLatch(1);
        try (Gateway gateway = new Gateway(TIMING_OUT, request -> answerOnceOpen(gate, request))) {
            // A pool keeps a thread or two for the next request, a cache rather than a leak: warm it first.
            warmUp(gateway, () -> callAndTimeOut(gateway));
            ThreadSnapshot workers =
                    Threads.snapshot().ignoring(t -> t.getName().startsWith("cancel-watcher-"));
            // Counted by identity: worker threads started since the snapshot that are alive now.
            Metric stillAlive = Metric.count(
                    "worker threads started and still alive",
                    "thread",
                    () -> workers.leaksNow().count());
            GrowthReport threads =
                    Growth.of(stillAlive).measure(ROUNDS, REQUESTS / ROUNDS, () -> callAndTimeOut(gateway));
            System.out.println("Threads left running per timed-out request: " + threads);

            // The gate is still shut, yet no worker waits there: each was interrupted when its caller gave up.
            awaitIdle(gateway);
            gate.countDown();
            assertThat(parkedIn(before.leaksNow(), HANDOFF_FRAME)).isZero();
        }
        before.leaks().assertNoLeak();
    }

    @Test
    @Order(2)
    void a_worker_whose_backend_ignores_the_interrupt_gives_up_the_hand_off_after_the_timeout() {
        ThreadSnapshot before = Threads.snapshot();
        CountDownLatch gate = new CountDownLatch(1);
        try (Gateway gateway = new Gateway(TIMING_OUT, request -> answerOnceOpenIgnoringInterrupts(gate, request))) {
            for (int i = 0; i < REQUESTS; i++) {
                callAndTimeOut(gateway);
            }
            // The interrupts were lost: the workers still wait at the gate (all but any whose task was
            // cancelled before it started, which then never ran).
            assertThat(gateway.busyWorkers()).isPositive();

            gate.countDown(); // the backend answers now, long after every caller gave up
            awaitIdle(gateway);
            assertThat(parkedIn(before.leaksNow(), HANDOFF_FRAME)).isZero();
        }
        before.leaks().assertNoLeak();
    }

    @Test
    @Order(3)
    void a_completed_request_wakes_its_watcher_which_goes_back_to_its_pool() {
        ThreadSnapshot before = Threads.snapshot();
        try (Gateway gateway = new Gateway(ANSWERING, request -> "answer to " + request)) {
            warmUp(gateway, () -> callAndGetTheAnswer(gateway));
            ThreadSnapshot watchers =
                    Threads.snapshot().ignoring(t -> t.getName().startsWith("gateway-worker-"));
            Metric stillAlive = Metric.count(
                    "watcher threads started and still alive",
                    "thread",
                    () -> watchers.leaksNow().count());
            GrowthReport threads =
                    Growth.of(stillAlive).measure(ROUNDS, REQUESTS / ROUNDS, () -> callAndGetTheAnswer(gateway));
            System.out.println("Threads left running per completed request: " + threads);

            awaitIdle(gateway);
            assertThat(parkedIn(before.leaksNow(), WATCHER_FRAME)).isZero();
        }
        before.leaks().assertNoLeak();
    }

    @Test
    @Order(4)
    void every_request_is_let_go_once_it_timed_out_or_completed() {
        CountDownLatch gate = new CountDownLatch(1);
        ObjectWatcher watcher = new ObjectWatcher();
        // The same workload as the leaking side's: slow requests time out, fast ones complete.
        Gateway.Backend backend = request -> answer(request.startsWith(SLOW) ? gate : null, request);
        try (Gateway gateway = new Gateway(Gateway.Settings.defaults().withTimeout(Duration.ofMillis(20)), backend)) {
            for (int i = 0; i < REQUESTS / 2; i++) {
                callAndWatch(gateway, watcher, SLOW + requests.incrementAndGet());
                callAndWatch(gateway, watcher, nextRequest());
            }
            gate.countDown();
        }
        RetentionReport report = watcher.leaks();
        System.out.println("Requests still reachable after the gateway closed: " + report);

        report.assertNoLeak();
    }
    // end::prove[]

    static final String SLOW = "slow-request-";
    static final int ANSWER_CHARS = 4096;

    /** As on the leaking side: a slow request waits for the gate, then the answer is a small document. */
    private static String answer(CountDownLatch gate, String request) throws InterruptedException {
        if (gate != null) {
            gate.await();
        }
        StringBuilder answer = new StringBuilder(ANSWER_CHARS)
                .append("answer to ")
                .append(request)
                .append('\n');
        while (answer.length() < ANSWER_CHARS) {
            answer.append('.');
        }
        return answer.toString();
    }

    /** Sends one request and watches it; returns nothing, so that no request stays on the test's stack. */
    private static void callAndWatch(Gateway gateway, ObjectWatcher watcher, String request) {
        try {
            gateway.call(request);
        } catch (TimeoutException e) {
            // the slow ones
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        watcher.watch(request, "request " + request);
    }

    /** Runs one round of the workload, then waits until the gateway is idle again. */
    private static void warmUp(Gateway gateway, Runnable request) {
        for (int i = 0; i < REQUESTS / ROUNDS; i++) {
            request.run();
        }
        awaitIdle(gateway);
    }

    /**
     * Waits until no worker is busy, no watcher waits and no permit is held; the threads left are
     * idle in their pools, ready for the next request, until the gateway closes. (Polling in this
     * thread: Awaitility's own poller would be one more new thread.)
     */
    private static void awaitIdle(Gateway gateway) {
        await().atMost(Duration.ofSeconds(30))
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(5))
                .untilAsserted(() -> assertThat(gateway.busyWorkers() + " busy workers, " + gateway.waitingWatchers()
                                + " waiting watchers, " + gateway.permitsInUse() + " permits in use")
                        .isEqualTo("0 busy workers, 0 waiting watchers, 0 permits in use"));
    }

    /** The backend of the timing-out workload: it answers once the test opens the gate. */
    private static String answerOnceOpen(CountDownLatch gate, String request) throws InterruptedException {
        gate.await();
        return "answer to " + request;
    }

    /** The same, for a backend that swallows the interrupt, as a blocking socket read does. */
    private static String answerOnceOpenIgnoringInterrupts(CountDownLatch gate, String request) {
        while (true) {
            try {
                gate.await();
                return "answer to " + request;
            } catch (InterruptedException swallowed) {
                // Not a well-behaved backend: it goes on waiting and forgets it was interrupted.
            }
        }
    }

    /** The first workload: a request that times out. */
    private static void callAndTimeOut(Gateway gateway) {
        assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> gateway.call(nextRequest()));
    }

    /** The second workload: a request that completes. */
    private static void callAndGetTheAnswer(Gateway gateway) {
        String request = nextRequest();
        try {
            assertThat(gateway.call(request)).isEqualTo("answer to " + request);
        } catch (TimeoutException | InterruptedException e) {
            throw new AssertionError(request + " should have been answered", e);
        }
    }

    private static String nextRequest() {
        return "request-" + requests.incrementAndGet();
    }

    private static long parkedIn(ThreadReport report, String frame) {
        return report.countByWaitingFrame().getOrDefault(frame, 0L);
    }
}
