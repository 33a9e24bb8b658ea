package io.github.leaklab.leakcheck.examples.cost;

import io.github.leaklab.leakcheck.ThreadReport;
import io.github.leaklab.leakcheck.ThreadSnapshot;
import io.github.leaklab.leakcheck.Threads;
import java.util.concurrent.CountDownLatch;

/**
 * What recording where threads start (JFR's jdk.ThreadStart) costs, in a fresh JVM, as a test
 * class run in a JVM of its own pays it: the first snapshot (which starts the recording), each
 * thread start while it records, and a leak verdict (which reads the recording). Run by
 * {@link ThreadStartCostTest} with the recording on and off; prints one line of figures.
 */
public final class ThreadStartCost {

    static final int THREADS = 500;

    private ThreadStartCost() {}

    public static void main(String[] args) throws InterruptedException {
        long start = System.nanoTime();
        ThreadSnapshot before = Threads.snapshot();
        long snapshot = System.nanoTime() - start;

        start = System.nanoTime();
        for (int i = 0; i < THREADS; i++) {
            Thread thread = new Thread(() -> {}, "short-" + i);
            thread.start();
            thread.join();
        }
        long starts = System.nanoTime() - start;

        CountDownLatch never = new CountDownLatch(1);
        new Thread(
                        () -> {
                            try {
                                never.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "leaked")
                .start();
        ThreadReport report = before.leaks();
        never.countDown();
        boolean stackShown = report.threads().get(0).startedBy().isPresent();

        System.out.printf(
                "snapshot %d us, start %d us/thread, leak verdict %d ms, start stack %s%n",
                snapshot / 1_000, starts / 1_000 / THREADS, report.took().toMillis(), stackShown ? "shown" : "absent");
    }
}
