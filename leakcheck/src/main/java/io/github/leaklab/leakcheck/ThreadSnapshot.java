package io.github.leaklab.leakcheck;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The threads alive at one moment, by identity (thread id, never reused by the JVM). Created by
 * {@link Threads#snapshot()}.
 *
 * <p>{@link #leaks()} decides as soon as the evidence allows, and never earlier:
 * <ul>
 *   <li>clean as soon as every new thread has ended;</li>
 *   <li>leaked before the linger time is up only when the JVM is provably still: every new thread
 *       waits with no timeout and is not interrupted, every other thread either waits with no
 *       timeout too or is one that never runs a workload's code (the JVM's, the test framework's,
 *       an idle JDK pool worker), and nothing changed (the same threads, states, frames and wake-up
 *       counts) across several samples over {@value #STILL_MILLIS} ms. Nothing could then wake those
 *       threads but the caller, which is busy taking the verdict;</li>
 *   <li>otherwise leaked when the linger time is up.</li>
 * </ul>
 * A thread that sleeps, a timed wait, a pool being shut down by another thread all keep the JVM
 * from being still: those wait the linger time, as a plain deadline would.
 * {@code -Dleakcheck.fastVerdicts=false} turns the early leak verdict off.
 */
public final class ThreadSnapshot {

    static final boolean FAST_VERDICTS = !"false".equals(System.getProperty("leakcheck.fastVerdicts"));
    /** How long the JVM must be still before a leak is decided early. */
    static final long STILL_MILLIS = 50;

    static final int STILL_SAMPLES = 3;
    /**
     * Samples start 1 ms apart and double, up to 10 ms: a thread that ends is seen within 10 ms
     * of its end (goleak's backoff goes up to 100 ms). A sample costs about a millisecond.
     */
    static final long MAX_PAUSE = TimeUnit.MILLISECONDS.toNanos(10);

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

    /** A copy that also ignores threads whose whole name matches {@code regex}: {@code "OkHttp .*"}. */
    public ThreadSnapshot ignoringNames(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return ignoring(thread -> pattern.matcher(thread.getName()).matches());
    }

    /**
     * A copy that also ignores threads whose top frame, or the frame they wait in past the JDK's
     * waiting internals (see {@link LeakedThread#waitingIn()}), matches {@code regex} as
     * {@code class.method}: {@code "java\\.util\\.TimerThread\\.mainLoop"}, {@code "com\\.example\\.Poller\\..*"}.
     * As goleak's {@code IgnoreTopFunction}.
     */
    public ThreadSnapshot ignoringTopFrames(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return ignoring(thread -> {
            StackTraceElement[] stack = thread.getStackTrace();
            if (stack.length == 0) {
                return false;
            }
            LeakedThread seen = new LeakedThread(
                    thread,
                    thread.getId(),
                    thread.getName(),
                    thread.getState(),
                    thread.isDaemon(),
                    List.of(stack),
                    List.of());
            return pattern.matcher(stack[0].getClassName() + "." + stack[0].getMethodName())
                            .matches()
                    || pattern.matcher(seen.waitingIn()).matches();
        });
    }

    /** The new threads still alive after waiting up to {@link Threads#DEFAULT_LINGER} for them to end. */
    public ThreadReport leaks() {
        return leaks(Threads.DEFAULT_LINGER);
    }

    /** The new threads alive now: no waiting. */
    public ThreadReport leaksNow() {
        return leaks(Duration.ZERO);
    }

    /** The new threads still alive after waiting up to {@code linger} for them to end (see the class comment). */
    public ThreadReport leaks(Duration linger) {
        long start = System.nanoTime();
        long end = start + linger.toNanos();
        long pause = TimeUnit.MILLISECONDS.toNanos(1);
        String stillSignature = null;
        long stillSince = 0;
        int stillSamples = 0;
        while (true) {
            Sample sample = Sample.take();
            List<Long> fresh = sample.newThreadIds(this);
            if (fresh.isEmpty()) {
                return new ThreadReport(List.of(), Waits.since(start), false);
            }
            long now = System.nanoTime();
            if (FAST_VERDICTS && linger.toMillis() > STILL_MILLIS) {
                String signature = sample.stillSignature(fresh);
                if (signature == null || !signature.equals(stillSignature)) {
                    stillSignature = signature;
                    stillSince = now;
                    stillSamples = signature == null ? 0 : 1;
                } else if (++stillSamples >= STILL_SAMPLES
                        && now - stillSince >= TimeUnit.MILLISECONDS.toNanos(STILL_MILLIS)) {
                    return report(sample, fresh, start, true);
                }
            }
            if (now >= end) {
                return report(sample, fresh, start, false);
            }
            LockSupport.parkNanos(Math.min(pause, end - now));
            pause = Math.min(pause * 2, MAX_PAUSE);
        }
    }

    private ThreadReport report(Sample sample, List<Long> fresh, long start, boolean early) {
        Map<Long, List<StackTraceElement>> starts = ThreadStarts.of(fresh);
        List<LeakedThread> leaked = new ArrayList<>();
        for (Long id : fresh) {
            Thread thread = sample.threads.get(id);
            ThreadInfo info = sample.infos.get(id);
            leaked.add(new LeakedThread(
                    thread,
                    id,
                    thread.getName(),
                    info.getThreadState(),
                    thread.isDaemon(),
                    List.of(info.getStackTrace()),
                    starts.getOrDefault(id, List.of())));
        }
        leaked.sort(Comparator.comparingLong(LeakedThread::id));
        return new ThreadReport(leaked, Waits.since(start), early);
    }

    /**
     * Teardown: stops every thread started since this snapshot (see {@link Threads#stop}), so that
     * one leaking test cannot poison the next.
     */
    public StopResult stopNewThreads(Duration timeout) {
        Sample sample = Sample.take();
        List<Thread> fresh = new ArrayList<>();
        for (Long id : sample.newThreadIds(this)) {
            fresh.add(sample.threads.get(id));
        }
        return Threads.stop(fresh, timeout);
    }

    boolean isNew(Thread thread) {
        return thread.isAlive()
                && !aliveBefore.contains(thread.getId())
                && thread != Thread.currentThread()
                && !ignored.test(thread);
    }

    /** Every live thread with its state and stack, read at one safepoint. */
    private static final class Sample {
        final Map<Long, Thread> threads = new HashMap<>();
        final Map<Long, ThreadInfo> infos = new HashMap<>();

        static Sample take() {
            Sample sample = new Sample();
            for (Thread thread : Threads.liveThreads()) {
                sample.threads.put(thread.getId(), thread);
            }
            for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
                if (info != null && sample.threads.containsKey(info.getThreadId())) {
                    sample.infos.put(info.getThreadId(), info);
                }
            }
            return sample;
        }

        List<Long> newThreadIds(ThreadSnapshot snapshot) {
            List<Long> fresh = new ArrayList<>();
            threads.forEach((id, thread) -> {
                if (infos.containsKey(id) && snapshot.isNew(thread)) {
                    fresh.add(id);
                }
            });
            fresh.sort(Comparator.naturalOrder());
            return fresh;
        }

        /**
         * What must stay the same for the JVM to be still, or null when some thread could still act:
         * a new thread not waiting untimed (or interrupted), or another thread that runs, sleeps or
         * waits with a timeout and is not one that never runs a workload's code.
         */
        String stillSignature(List<Long> fresh) {
            StringBuilder signature = new StringBuilder();
            List<Long> ids = new ArrayList<>(infos.keySet());
            ids.sort(Comparator.naturalOrder());
            for (Long id : ids) {
                Thread thread = threads.get(id);
                ThreadInfo info = infos.get(id);
                if (thread == Thread.currentThread()) {
                    continue;
                }
                boolean waitsForever = info.getThreadState() == Thread.State.WAITING && !thread.isInterrupted();
                if (fresh.contains(id)) {
                    if (!waitsForever) {
                        return null;
                    }
                } else if (JvmThreads.isInert(thread) || isIdleJdkWorker(info)) {
                    signature.append(id).append('\n'); // wakes up on its own, but never to run a workload's code
                    continue;
                } else if (!waitsForever) {
                    return null;
                }
                StackTraceElement[] stack = info.getStackTrace();
                signature
                        .append(id)
                        .append(' ')
                        .append(info.getThreadState())
                        .append(' ')
                        .append(info.getWaitedCount())
                        .append(' ')
                        .append(stack.length)
                        .append(' ')
                        .append(stack.length == 0 ? "" : stack[0])
                        .append('\n');
            }
            return signature.toString();
        }

        /**
         * A JDK pool's worker with no task: its timed wait ends in more waiting or in its own end,
         * never in a workload's code. (Not a scheduled pool's: its timed wait is for a task's time.)
         */
        private static boolean isIdleJdkWorker(ThreadInfo info) {
            boolean idleLoop = false;
            for (StackTraceElement frame : info.getStackTrace()) {
                if (!LeakedThread.isJdk(frame)
                        || frame.getClassName().contains("ScheduledThreadPoolExecutor")
                        || frame.getClassName().equals("java.util.TimerThread")) {
                    return false;
                }
                idleLoop |= (frame.getClassName().equals("java.util.concurrent.ThreadPoolExecutor")
                                && frame.getMethodName().equals("getTask"))
                        || (frame.getClassName().equals("java.util.concurrent.ForkJoinPool")
                                && frame.getMethodName().equals("awaitWork"));
            }
            return idleLoop;
        }
    }
}
