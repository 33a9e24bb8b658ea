package leaklab.thread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The blocked-thread leak, proved. Each test sends {@value #REQUESTS} requests, one after the other,
 * to a gateway of its own; then it shows the threads they left behind:
 * <ol>
 *   <li>a request that timed out leaves its worker blocked in {@code SynchronousQueue.put}, holding
 *       an answer nobody will ever take;</li>
 *   <li>a request that completed leaves its watcher waiting in
 *       {@code RequestScope.awaitCancellation} for a cancellation that will never come;</li>
 *   <li>either way, the request stays reachable from the stack of the thread left waiting.</li>
 * </ol>
 * These tests pass <em>because</em> it leaks. The fixed twin ({@code fixes/thread},
 * {@code BlockedThreadsFixedTest}) runs the same workloads and proves every thread back.
 *
 * <p>Nothing here waits for time to pass. In the first test the backend answers only once the test
 * opens a gate, after every caller has given up, so each request times out on any machine, however
 * short the timeout. The teardown stops the leaked threads after each test: it shuts
 * their pools down, and the interrupt ends a blocked {@code put} and a waiting watcher alike.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BlockedThreadsLeakingTest {

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
    void every_timed_out_request_leaves_its_worker_blocked_handing_over_the_answer() {
        CountDownLatch gate = new CountDownLatch(1);
        try (Gateway gateway = new Gateway(TIMING_OUT, request -> answerOnceOpen(gate, request))) {
            // This test is about the workers; a watcher ends when its request times out, into an idle pool thread.
            ThreadSnapshot before = Threads.snapshot().ignoring(t -> t.getName().startsWith("cancel-watcher-"));
            // Counted by identity: worker threads started since the snapshot that are alive now.
            Metric stillAlive = Metric.count(
                    "worker threads started and still alive",
                    "thread",
                    () -> before.leaksNow().count());
            GrowthReport threads =
                    Growth.of(stillAlive).measure(ROUNDS, REQUESTS / ROUNDS, () -> callAndTimeOut(gateway));
            System.out.println("Threads left running per timed-out request: " + threads);

            gate.countDown(); // the backend answers now, long after every caller gave up
            // Wait for the workers to reach the hand-off, not for time.
            awaitParked(before, HANDOFF_FRAME);
            ThreadReport leaked = before.leaksNow();
            System.out.println("The threads those requests left: " + leaked);

            assertThat(leaked.count()).as(leaked.toString()).isEqualTo(REQUESTS);
            assertThat(leaked.threads()).extracting(LeakedThread::waitingIn).containsOnly(HANDOFF_FRAME);
            assertThat(leaked.threads())
                    .extracting(LeakedThread::name)
                    .allMatch(name -> name.startsWith("gateway-worker-"));
            assertThat(gateway.busyWorkers()).isEqualTo(REQUESTS);
            // The watchers did give every permit back: only the threads leak.
            assertThat(gateway.permitsInUse()).isZero();
        }
    }

    @Test
    @Order(2)
    void every_completed_request_leaves_its_watcher_waiting_for_a_cancellation() {
        try (Gateway gateway = new Gateway(ANSWERING, request -> "answer to " + request)) {
            // This test is about the watchers; a worker that handed its answer over waits in its pool for the next.
            ThreadSnapshot before = Threads.snapshot().ignoring(t -> t.getName().startsWith("gateway-worker-"));
            Metric stillAlive = Metric.count(
                    "watcher threads started and still alive",
                    "thread",
                    () -> before.leaksNow().count());
            GrowthReport threads =
                    Growth.of(stillAlive).measure(ROUNDS, REQUESTS / ROUNDS, () -> callAndGetTheAnswer(gateway));
            System.out.println("Threads left running per completed request: " + threads);

            awaitParked(before, WATCHER_FRAME);
            ThreadReport leaked = before.leaksNow();
            System.out.println("The threads those requests left: " + leaked);

            assertThat(leaked.count()).as(leaked.toString()).isEqualTo(REQUESTS);
            assertThat(leaked.threads()).extracting(LeakedThread::waitingIn).containsOnly(WATCHER_FRAME);
            assertThat(leaked.threads())
                    .extracting(LeakedThread::name)
                    .allMatch(name -> name.startsWith("cancel-watcher-"));
            assertThat(gateway.waitingWatchers()).isEqualTo(REQUESTS);
            // Every permit came back on the normal path: only the threads leak.
            assertThat(gateway.permitsInUse()).isZero();
        }
    }

    @Test
    @Order(3)
    void every_request_stays_reachable_from_the_stack_of_the_thread_left_waiting_for_it() {
        CountDownLatch gate = new CountDownLatch(1);
        ObjectWatcher watcher = new ObjectWatcher();
        // Slow requests time out (their answer comes once the gate opens); fast ones complete.
        Gateway.Backend backend = request -> answer(request.startsWith(SLOW) ? gate : null, request);
        try (Gateway gateway = new Gateway(Gateway.Settings.defaults().withTimeout(Duration.ofMillis(20)), backend)) {
            for (int i = 0; i < REQUESTS / 2; i++) {
                callAndWatch(gateway, watcher, SLOW + requests.incrementAndGet());
                callAndWatch(gateway, watcher, nextRequest());
            }
            gate.countDown(); // the slow answers come now, after every caller gave up on them
        }
        // No GC can free what a live thread's stack still holds: skip the polling, go to the heap dump.
        RetentionReport report = watcher.leaksNow();
        System.out.println("Requests still reachable after the gateway closed: " + report);

        assertThat(report.retainedCount()).isEqualTo(REQUESTS);
        // Held by the local variables of two kinds of frame, a worker's and a watcher's. (How many
        // along each: about half, but a fast request that a busy machine delays past the timeout
        // leaves a worker too, so the split is not the test's business; that all stay is.)
        assertThat(report.countByPath())
                .hasSize(2)
                .allSatisfy((path, held) -> assertThat(path).startsWith("Thread.<Java Local>"));
        assertThat(report.countByPath().values().stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .isEqualTo(REQUESTS);
    }
    // end::prove[]

    static final String SLOW = "slow-request-";
    /** An answer as a real service sends it: a small document, about 4 KiB. */
    static final int ANSWER_CHARS = 4096;

    /** The backend of the third test: a slow request waits for the gate, then the answer is a small document. */
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
            // the slow ones: the point of the test
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        watcher.watch(request, "request " + request);
    }

    /** The backend of the first test: it answers once the test opens the gate. */
    private static String answerOnceOpen(CountDownLatch gate, String request) throws InterruptedException {
        gate.await();
        return "answer to " + request;
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

    /**
     * Waits until {@value #REQUESTS} new threads wait in {@code frame}; if they never do, says where they
     * are. (Polling in this thread: Awaitility's own poller would be one more new thread.)
     */
    private static void awaitParked(ThreadSnapshot before, String frame) {
        await().atMost(Duration.ofSeconds(30))
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(5))
                .untilAsserted(() -> {
                    ThreadReport now = before.leaksNow();
                    assertThat(now.countByWaitingFrame().getOrDefault(frame, 0L))
                            .as("threads parked in %s; %s", frame, now)
                            .isEqualTo(REQUESTS);
                });
    }
}
