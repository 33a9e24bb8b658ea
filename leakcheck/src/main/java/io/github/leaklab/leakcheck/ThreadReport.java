package io.github.leaklab.leakcheck;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The verdict of {@link ThreadSnapshot#leaks()}: the threads that outlived their workload. */
public final class ThreadReport implements LeakReport {

    /** How many threads a report describes in full. */
    static final int THREADS_SHOWN = 3;

    private final List<LeakedThread> threads;
    private final Duration took;
    private final boolean decidedEarly;

    ThreadReport(List<LeakedThread> threads, Duration took, boolean decidedEarly) {
        this.threads = List.copyOf(threads);
        this.took = took;
        this.decidedEarly = decidedEarly;
    }

    @Override
    public Verdict verdict() {
        return threads.isEmpty() ? Verdict.CLEAN : Verdict.LEAK;
    }

    /** The leaked threads, oldest first. */
    public List<LeakedThread> threads() {
        return threads;
    }

    public int count() {
        return threads.size();
    }

    @Override
    public Duration took() {
        return took;
    }

    /** Whether the leak was decided before the linger time was up, the JVM being provably still (see {@link ThreadSnapshot}). */
    public boolean decidedEarly() {
        return decidedEarly;
    }

    /** How many leaked threads wait in each frame, most first: {@code {java.util.TimerThread.mainLoop=100}}. */
    public Map<String, Long> countByWaitingFrame() {
        Map<String, Long> counts = threads.stream()
                .collect(Collectors.groupingBy(LeakedThread::waitingIn, LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    /** Teardown: stops the leaked threads (see {@link Threads#stop}), giving them a second to end. */
    public StopResult stopAll() {
        return Threads.stop(threads.stream().map(LeakedThread::thread).toList(), Duration.ofSeconds(1));
    }

    /**
     * How many threads leaked and how that was decided; for the first few, where each was started
     * (JFR), what it is and where it waits; then the next step for each kind of thread found.
     */
    @Override
    public String toString() {
        if (threads.isEmpty()) {
            return "No leaked threads: every thread the workload started has ended (verdict in " + took.toMillis()
                    + " ms).";
        }
        StringBuilder out = new StringBuilder();
        out.append(count())
                .append(count() == 1 ? " thread" : " threads")
                .append(" started by the workload ")
                .append(count() == 1 ? "is" : "are")
                .append(" still running");
        if (decidedEarly) {
            out.append(", decided after ")
                    .append(took.toMillis())
                    .append(" ms: ")
                    .append(count() == 1 ? "it waits" : "each waits")
                    .append(" with no timeout, and nothing else runs that could wake ")
                    .append(count() == 1 ? "it" : "them")
                    .append(":\n");
        } else {
            out.append(" after ").append(took.toMillis()).append(" ms:\n");
        }
        if (count() > 1) {
            countByWaitingFrame()
                    .forEach((frame, n) -> out.append("  ")
                            .append(n)
                            .append(" waiting in ")
                            .append(frame)
                            .append('\n'));
        }
        int shown = Math.min(THREADS_SHOWN, count());
        if (count() > shown) {
            out.append("The first ").append(shown).append(":\n");
        }
        for (LeakedThread thread : threads.subList(0, shown)) {
            out.append("  ").append(thread.describe());
        }
        if (threads.stream().allMatch(t -> t.startedAt().isEmpty())) {
            out.append("(Where each thread was started is not shown: ")
                    .append(ThreadStarts.whyNone())
                    .append(".)\n");
        }
        // One step per kind of thread and place it was started from (not per line: a loop starts many).
        Map<String, String> steps = new LinkedHashMap<>();
        for (LeakedThread thread : threads) {
            String startedBy = thread.startedBy()
                    .map(f -> f.getClassName() + "." + f.getMethodName())
                    .orElse("");
            steps.putIfAbsent(thread.kind() + " " + startedBy, thread.next());
        }
        steps.values().stream()
                .limit(THREADS_SHOWN)
                .forEach(next -> out.append("Next: ").append(next).append('\n'));
        return out.toString().stripTrailing();
    }
}
