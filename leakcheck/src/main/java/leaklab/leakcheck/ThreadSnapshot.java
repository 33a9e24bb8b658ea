package leaklab.leakcheck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The threads alive at one moment, by identity (thread id, never reused by the JVM). Created by
 * {@link ThreadLeaks#snapshot()}.
 */
public final class ThreadSnapshot {

    private final Set<Long> aliveBefore = new HashSet<>();
    private final Predicate<Thread> ignored;

    ThreadSnapshot(Collection<Thread> alive, Predicate<Thread> ignored) {
        for (Thread thread : alive) {
            aliveBefore.add(thread.getId());
        }
        this.ignored = ignored;
    }

    /** A copy of this snapshot that also ignores threads matching {@code filter}. */
    public ThreadSnapshot ignoring(Predicate<Thread> filter) {
        ThreadSnapshot copy = new ThreadSnapshot(List.of(), ignored.or(filter));
        copy.aliveBefore.addAll(aliveBefore);
        return copy;
    }

    /**
     * The threads started since this snapshot that are still alive after waiting up to
     * {@link ThreadLeaks#DEFAULT_DEADLINE} for them to end.
     */
    public ThreadLeakReport newThreads() {
        return newThreads(ThreadLeaks.DEFAULT_DEADLINE);
    }

    /** As {@link #newThreads()}, waiting up to {@code deadline}. */
    public ThreadLeakReport newThreads(Duration deadline) {
        long start = System.nanoTime();
        ThreadLeaks.retryUntil(deadline, () -> currentNewThreads().isEmpty());
        // Read the stacks once more, at the verdict, so the report shows where each thread is now.
        List<LeakedThread> leaked = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> entry : ThreadLeaks.liveThreads().entrySet()) {
            if (isNew(entry.getKey())) {
                leaked.add(LeakedThread.of(entry.getKey(), entry.getValue()));
            }
        }
        leaked.sort(java.util.Comparator.comparingLong(LeakedThread::id));
        return new ThreadLeakReport(leaked, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Fails with a message naming every thread started since this snapshot that did not end. */
    public void assertNoNewThreads() {
        newThreads().assertClean();
    }

    /**
     * Teardown: stops every thread started since this snapshot (see {@link ThreadLeaks#stop}),
     * so that one leaking test cannot poison the next.
     *
     * @return the threads that could not be stopped
     */
    public List<Thread> stopNewThreads(Duration timeout) {
        return ThreadLeaks.stop(currentNewThreads(), timeout);
    }

    private List<Thread> currentNewThreads() {
        List<Thread> found = new ArrayList<>();
        for (Thread thread : ThreadLeaks.liveThreads().keySet()) {
            if (isNew(thread)) {
                found.add(thread);
            }
        }
        return found;
    }

    private boolean isNew(Thread thread) {
        return thread.isAlive() && !aliveBefore.contains(thread.getId()) && !ignored.test(thread)
                && thread != Thread.currentThread();
    }
}
