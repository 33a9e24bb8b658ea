package leaklab.leakcheck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Thread leaks, decided on thread identity.
 *
 * <pre>{@code
 * ThreadSnapshot before = ThreadLeaks.snapshot();
 * runTheWorkload();
 * ThreadLeakReport leaked = before.newThreads();   // waits up to 1 s for threads that are ending
 * leaked.assertClean();                            // or assert on leaked.count(), leaked.threads()
 * }</pre>
 *
 * <p>A thread alive before the snapshot is never a leak, however many threads come and go; a
 * thread started by the workload is a leak if it is still alive when the deadline passes. The
 * JVM's own threads (Reference Handler, Finalizer, Common-Cleaner, Attach Listener, JFR, the
 * ForkJoin common pool) are filtered out.
 */
public final class ThreadLeaks {

    /** How long {@link ThreadSnapshot#newThreads()} waits for new threads to end before calling them leaks. */
    public static final Duration DEFAULT_DEADLINE =
            Duration.ofMillis(Long.getLong("leakcheck.threadDeadlineMillis", 1_000));

    private ThreadLeaks() {
    }

    /** The live threads, right now; what a workload starts after this is measured against it. */
    public static ThreadSnapshot snapshot() {
        return new ThreadSnapshot(liveThreads().keySet(), ThreadFilters.JVM_INTERNAL);
    }

    /** All live threads with their stacks (a single safepoint, as {@code jcmd Thread.print} does). */
    static Map<Thread, StackTraceElement[]> liveThreads() {
        return Thread.getAllStackTraces();
    }

    /** The number of live threads, the figure {@code ThreadMXBean.getThreadCount()} reports. */
    public static int liveThreadCount() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /**
     * Stops the given threads the way their owner should have: a {@link java.util.Timer}'s thread
     * by cancelling the timer, a pool worker by shutting its pool down, anything else by an
     * interrupt; then joins each until {@code timeout}.
     *
     * @return the threads still alive after that (zombies), empty when all stopped
     */
    public static List<Thread> stop(Collection<Thread> threads, Duration timeout) {
        for (Thread thread : threads) {
            ThreadStopper.stop(thread);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Thread> survivors = new ArrayList<>();
        for (Thread thread : threads) {
            try {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    TimeUnit.NANOSECONDS.timedJoin(thread, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (thread.isAlive()) {
                survivors.add(thread);
            }
        }
        return survivors;
    }

    /**
     * Retries {@code check} with goleak's backoff (1 ms doubling, capped at 100 ms) until it
     * returns true or the deadline passes.
     *
     * @return whether the check ever returned true
     */
    static boolean retryUntil(Duration deadline, java.util.function.BooleanSupplier check) {
        long end = System.nanoTime() + deadline.toNanos();
        long pause = TimeUnit.MILLISECONDS.toNanos(1);
        final long maxPause = TimeUnit.MILLISECONDS.toNanos(100);
        while (true) {
            if (check.getAsBoolean()) {
                return true;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(Math.min(pause, left));
            pause = Math.min(pause * 2, maxPause);
        }
    }

    /** Filters for threads that are never a test's leak. */
    public static final class ThreadFilters {
        private ThreadFilters() {
        }

        /** The JVM's and the test framework's own threads, which may start at any moment without being anybody's leak. */
        public static final Predicate<Thread> JVM_INTERNAL = ThreadFilters::isJvmInternal;

        static boolean isJvmInternal(Thread thread) {
            ThreadGroup group = thread.getThreadGroup();
            if (group != null && group.getParent() == null) {
                return true; // the "system" thread group: Reference Handler, Finalizer, Signal Dispatcher...
            }
            String name = thread.getName();
            if (name.equals("Reference Handler") || name.equals("Finalizer")
                    || name.equals("Signal Dispatcher") || name.equals("Common-Cleaner")
                    || name.equals("Attach Listener") || name.equals("Notification Thread")
                    || name.equals("process reaper") || name.startsWith("JFR ")
                    || name.startsWith("RMI ") || name.startsWith("JMX ")) {
                return true;
            }
            if (name.equals("junit-jupiter-timeout-watcher") || name.startsWith("surefire-forkedjvm-")) {
                return true; // the test framework's own threads, started lazily by the first test that needs them
            }
            if (thread.getClass().getName().equals("jdk.internal.misc.InnocuousThread")) {
                return true; // the JDK's cleaner and reaper threads
            }
            return thread instanceof java.util.concurrent.ForkJoinWorkerThread worker
                    && worker.getPool() == java.util.concurrent.ForkJoinPool.commonPool();
        }
    }
}
