package leaklab.leakcheck;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The verdict of {@link ThreadSnapshot#newThreads()}: the threads that outlived their workload. */
public final class ThreadLeakReport {

    private final List<LeakedThread> threads;
    private final Duration waited;

    ThreadLeakReport(List<LeakedThread> threads, Duration waited) {
        this.threads = List.copyOf(threads);
        this.waited = waited;
    }

    /** The leaked threads, oldest first. */
    public List<LeakedThread> threads() {
        return threads;
    }

    public int count() {
        return threads.size();
    }

    public boolean isClean() {
        return threads.isEmpty();
    }

    /** How long the verdict waited for threads to end. */
    public Duration waited() {
        return waited;
    }

    /** How many leaked threads wait in each frame, most first: {@code {java.util.TimerThread.mainLoop=100}}. */
    public Map<String, Long> countByParkedFrame() {
        return threads.stream().collect(Collectors.groupingBy(LeakedThread::parkedIn,
                LinkedHashMap::new, Collectors.counting()));
    }

    /** Fails, naming each leaked thread, its state and the frame it waits in. */
    public void assertClean() {
        if (!isClean()) {
            throw new AssertionError(this.toString());
        }
    }

    /**
     * Teardown: stops the leaked threads (see {@link ThreadLeaks#stop}).
     *
     * @return the threads that could not be stopped
     */
    public List<Thread> stopAll() {
        return ThreadLeaks.stop(threads.stream().map(LeakedThread::thread).toList(), Duration.ofSeconds(5));
    }

    /**
     * The teaching message: how many threads leaked, grouped by the frame they wait in, the first
     * few in full, and what to run next on a live process.
     */
    @Override
    public String toString() {
        if (isClean()) {
            return "No leaked threads: every thread the workload started has ended (waited "
                    + waited.toMillis() + " ms).";
        }
        StringBuilder out = new StringBuilder();
        out.append(count()).append(count() == 1 ? " thread" : " threads")
                .append(" started by the workload still alive after ").append(waited.toMillis())
                .append(" ms:\n");
        countByParkedFrame().forEach((frame, n) ->
                out.append("  ").append(n).append(" parked in ").append(frame).append('\n'));
        int shown = Math.min(3, count());
        out.append("First ").append(shown).append(shown == 1 ? " of them:\n" : " of them:\n");
        for (LeakedThread thread : threads.subList(0, shown)) {
            out.append("  ").append(thread.describe());
        }
        out.append("Next: on the live process, jcmd <pid> Thread.print shows every thread with its stack;"
                + " find who starts threads with this name and why nothing stops them.");
        return out.toString();
    }
}
