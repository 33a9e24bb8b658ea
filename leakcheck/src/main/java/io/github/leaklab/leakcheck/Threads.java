package io.github.leaklab.leakcheck;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Thread leaks, decided on thread identity.
 *
 * <pre>{@code
 * ThreadSnapshot before = Threads.snapshot();
 * runTheWorkload();
 * before.leaks().assertNoLeak();    // waits up to 1 s for new threads to end; leaksNow() does not wait
 * }</pre>
 *
 * <p>A thread alive before the snapshot is never a leak, however many threads come and go; a
 * thread started by the workload is a leak if it is still alive when the verdict is reached. The
 * JVM's own threads (Reference Handler, Finalizer, Common-Cleaner, Attach Listener, JFR, the
 * ForkJoin common pool, Surefire's and JUnit's) are never counted.
 */
public final class Threads {

    /** How long {@link ThreadSnapshot#leaks()} waits at most for new threads to end: {@code -Dleakcheck.lingerMillis}, 1 s by default. */
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(Long.getLong("leakcheck.lingerMillis", 1_000));

    private Threads() {}

    /** The live threads, right now; what a workload starts after this is measured against it. */
    public static ThreadSnapshot snapshot() {
        ThreadStarts.record();
        return new ThreadSnapshot(liveThreads(), JvmThreads::isInternal);
    }

    /** The number of live threads, the figure {@code ThreadMXBean.getThreadCount()} reports. */
    public static int liveThreadCount() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    static Collection<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet();
    }

    /**
     * Stops the given threads the way their owner should have: a {@link java.util.Timer}'s thread
     * by cancelling the timer, a pool worker by shutting its pool down (both need
     * {@code --add-opens}, see {@link StopResult#notes()}), anything else by an interrupt; then joins
     * each until {@code timeout}.
     */
    public static StopResult stop(Collection<Thread> threads, Duration timeout) {
        List<String> notes = new ArrayList<>();
        Set<Thread> unstoppable = new HashSet<>();
        for (Thread thread : threads) {
            String note = ThreadStopper.stop(thread);
            if (note != null) {
                notes.add(note);
                unstoppable.add(thread); // an interrupt will not end it: no use waiting
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Thread> stopped = new ArrayList<>();
        List<Thread> survivors = new ArrayList<>();
        for (Thread thread : threads) {
            try {
                long left = deadline - System.nanoTime();
                if (left > 0 && !unstoppable.contains(thread)) {
                    TimeUnit.NANOSECONDS.timedJoin(thread, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            (thread.isAlive() ? survivors : stopped).add(thread);
        }
        return new StopResult(stopped, survivors, notes);
    }
}
