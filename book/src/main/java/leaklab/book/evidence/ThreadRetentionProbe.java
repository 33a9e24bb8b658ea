package leaklab.book.evidence;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import leaklab.leakcheck.ObjectWatcher;
import leaklab.leakcheck.RetentionReport;
import leaklab.leakcheck.ThreadLeakReport;
import leaklab.leakcheck.ThreadLeaks;
import leaklab.leakcheck.ThreadSnapshot;
import leaklab.thread.Gateway;

/**
 * What leakcheck says about a gateway's requests once they are over, for the book: sends N slow
 * requests, which time out, and N fast ones, which complete, alternately, to one gateway with the
 * live demo's timeout; lets the slow backend answer once every caller has given up; closes the
 * gateway; then prints the {@link RetentionReport} of the requests (Shark's paths from a GC root:
 * which thread's stack still holds each one) and the {@link ThreadLeakReport} of the threads the
 * gateway started (where each one waits), and stops the threads that leaked.
 *
 * <p>Runs in a JVM of its own, on the classpath of one variant: the leaking
 * ({@code scenarios/thread}) and the fixed ({@code fixes/thread}) gateway have the same class names,
 * and this code is compiled against their common API. {@link ThreadEvidence} starts it.
 *
 * <p>Output, printed by {@link ProbePrinter} and read by {@link ProbeOutput}: {@code key=value}
 * lines, then each report after its section line.
 */
public final class ThreadRetentionProbe {

    /** As in the live demo ({@code GatewayDemo}): a caller waits 20 ms for its answer. */
    static final Duration TIMEOUT = Duration.ofMillis(20);
    /** The size of an answer, in characters (Latin-1: bytes): a small document, as a real service sends. */
    static final int ANSWER_CHARS = 4096;
    static final String SLOW = "slow-request-";
    static final String FAST = "request-";

    private ThreadRetentionProbe() {
    }

    /** @param args the number of slow requests, and of fast ones */
    public static void main(String[] args) {
        int requests = Integer.parseInt(args[0]);
        ThreadSnapshot before = ThreadLeaks.snapshot();
        ObjectWatcher watcher = new ObjectWatcher();
        CountDownLatch gate = new CountDownLatch(1);
        int timedOut = 0;
        Gateway gateway = new Gateway(Gateway.Settings.defaults().withTimeout(TIMEOUT),
                request -> answer(gate, request));
        try {
            for (int i = 1; i <= requests; i++) {
                timedOut += call(gateway, watcher, SLOW + i) ? 0 : 1;
                timedOut += call(gateway, watcher, FAST + i) ? 0 : 1;
            }
            gate.countDown(); // the slow backend answers now, after every slow request's caller gave up
            awaitNoThreadIn("answer", Duration.ofSeconds(10));
        } finally {
            gateway.close();
        }
        RetentionReport retention = watcher.awaitVerdict();
        ThreadLeakReport threads = before.newThreads();

        ProbePrinter.fact("java", Runtime.version());
        ProbePrinter.fact("requests", requests);
        ProbePrinter.fact("timedOut", timedOut);
        ProbePrinter.fact("completed", 2 * requests - timedOut);
        ProbePrinter.fact("answerBytes", ANSWER_CHARS);
        ProbePrinter.fact("timeoutMillis", TIMEOUT.toMillis());
        ProbePrinter.verdicts(retention, threads);

        List<Thread> zombies = threads.stopAll();
        if (!zombies.isEmpty()) {
            System.err.println("could not stop " + zombies.size() + " leaked threads: " + zombies);
            System.exit(1);
        }
    }

    /**
     * The backend: a slow request waits at the gate, a fast one is answered at once. Named, so that
     * {@link #awaitNoThreadIn} can tell when no worker is inside it any more.
     */
    private static String answer(CountDownLatch gate, String request) throws InterruptedException {
        if (request.startsWith(SLOW)) {
            gate.await();
        }
        StringBuilder answer = new StringBuilder(ANSWER_CHARS).append("answer to ").append(request).append('\n');
        while (answer.length() < ANSWER_CHARS) {
            answer.append('.');
        }
        return answer.toString();
    }

    /**
     * Sends one request and watches it once the call is over. Returns nothing that holds the
     * request, so that no request stays reachable from this stack frame.
     *
     * @return whether it was answered (else it timed out)
     */
    private static boolean call(Gateway gateway, ObjectWatcher watcher, String request) {
        boolean answered;
        try {
            gateway.call(request);
            answered = true;
        } catch (TimeoutException e) {
            answered = false;
        } catch (InterruptedException e) {
            throw new IllegalStateException("the probe was interrupted", e);
        }
        watcher.watch(request, "request " + request); // a description of its own: the request itself would stay reachable through it
        return answered;
    }

    /** Waits until no thread runs the probe's method {@code method}: each worker has its answer, or gave up. */
    private static void awaitNoThreadIn(String method, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (Thread.getAllStackTraces().values().stream().anyMatch(stack -> Arrays.stream(stack).anyMatch(
                frame -> frame.getClassName().equals(ThreadRetentionProbe.class.getName())
                        && frame.getMethodName().equals(method)))) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("workers are still in the backend " + timeout.toSeconds()
                        + " s after the gate opened");
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }
}
