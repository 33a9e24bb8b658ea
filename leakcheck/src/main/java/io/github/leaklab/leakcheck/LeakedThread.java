package io.github.leaklab.leakcheck;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * A thread that outlived the workload that started it, as seen at the verdict.
 *
 * @param thread the thread itself, for teardown
 * @param id its thread id
 * @param name its name, the first thing {@code jcmd <pid> Thread.print} shows
 * @param state its state (a leaked worker is usually WAITING or TIMED_WAITING)
 * @param daemon whether it is a daemon thread (a daemon does not keep the JVM up, but it still leaks)
 * @param stack its stack at the verdict, innermost frame first
 * @param startedAt the stack of the code that started it, innermost first, from JFR's
 *     {@code jdk.ThreadStart} event (empty when JFR is off or the thread started before the recording);
 *     its frames carry line numbers but no file names
 */
public record LeakedThread(
        Thread thread,
        long id,
        String name,
        Thread.State state,
        boolean daemon,
        List<StackTraceElement> stack,
        List<StackTraceElement> startedAt) {

    /** What kind of thread it is: who should have stopped it. */
    public enum Kind {
        /** The thread of a {@code java.util.Timer}: its owner should {@code cancel()} the timer. */
        TIMER,
        /** A worker of a {@code ThreadPoolExecutor}: its owner should shut the pool down. */
        POOL_WORKER,
        /** A worker of a {@code ScheduledThreadPoolExecutor}: its owner should shut the pool down. */
        SCHEDULED_POOL_WORKER,
        /** A worker of a {@code ForkJoinPool} other than the common pool. */
        FORK_JOIN_WORKER,
        /** Any other thread: its own loop should end. */
        THREAD
    }

    static final int FRAMES_SHOWN = 6;
    static final int START_FRAMES_SHOWN = 8;

    public LeakedThread {
        stack = List.copyOf(stack);
        startedAt = List.copyOf(startedAt);
    }

    public Kind kind() {
        if (thread.getClass().getName().equals("java.util.TimerThread")) {
            return Kind.TIMER;
        }
        if (thread instanceof ForkJoinWorkerThread) {
            return Kind.FORK_JOIN_WORKER;
        }
        boolean worker = false;
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().startsWith("java.util.concurrent.ScheduledThreadPoolExecutor")) {
                return Kind.SCHEDULED_POOL_WORKER;
            }
            worker |= frame.getClassName().equals("java.util.concurrent.ThreadPoolExecutor")
                    && frame.getMethodName().equals("runWorker");
        }
        return worker ? Kind.POOL_WORKER : Kind.THREAD;
    }

    /**
     * The frame the thread waits in, past the JDK's waiting primitives (Unsafe.park, LockSupport,
     * Object.wait, the queues' and synchronizers' internals): {@code java.util.TimerThread.mainLoop}
     * for a timer, {@code java.util.concurrent.SynchronousQueue.put} for a blocked hand-off.
     * Returns {@code "(no frames)"} for a thread without a Java stack.
     */
    public String waitingIn() {
        StackTraceElement frame = waitingFrame();
        return frame == null ? "(no frames)" : frame.getClassName() + "." + frame.getMethodName();
    }

    private StackTraceElement waitingFrame() {
        for (StackTraceElement frame : stack) {
            if (!isWaitingPrimitive(frame)) {
                return frame;
            }
        }
        return stack.isEmpty() ? null : stack.get(stack.size() - 1);
    }

    /** The first frame of the current stack outside the JDK: the code the thread runs. */
    public Optional<StackTraceElement> applicationFrame() {
        return stack.stream().filter(frame -> !isJdk(frame)).findFirst();
    }

    /** The first frame of the start stack outside the JDK: the code that started it (or created its pool or timer). */
    public Optional<StackTraceElement> startedBy() {
        return startedAt.stream().filter(frame -> !isJdk(frame)).findFirst();
    }

    static boolean isWaitingPrimitive(StackTraceElement frame) {
        String cls = frame.getClassName();
        String method = frame.getMethodName();
        return cls.equals("jdk.internal.misc.Unsafe")
                || cls.startsWith("java.util.concurrent.locks.")
                || (cls.equals("java.lang.Object") && method.startsWith("wait"))
                || (cls.equals("java.lang.Thread") && (method.startsWith("sleep") || method.equals("join")))
                || cls.equals("java.util.concurrent.ForkJoinPool") && method.contains("anagedBlock")
                || cls.startsWith("java.util.concurrent.SynchronousQueue$")
                || (cls.equals("java.util.concurrent.SynchronousQueue") && method.equals("xfer")) // JDK 21+
                || (cls.equals("java.util.concurrent.LinkedTransferQueue")
                        && (method.equals("xfer") || method.equals("awaitMatch")))
                || cls.startsWith("java.util.concurrent.LinkedTransferQueue$")
                || cls.startsWith("java.util.concurrent.CompletableFuture$Signaller")
                // A selector's wait and a socket's read: the frame that matters is the one that called them.
                || cls.startsWith("sun.nio.ch.")
                || cls.startsWith("java.net.Socket")
                || cls.startsWith("java.nio.channels.");
    }

    static boolean isJdk(StackTraceElement frame) {
        String cls = frame.getClassName();
        return cls.startsWith("java.")
                || cls.startsWith("javax.")
                || cls.startsWith("jdk.")
                || cls.startsWith("sun.")
                || cls.startsWith("com.sun.");
    }

    /** What the thread is, in words: {@code the thread of a java.util.Timer, waiting in java.util.TimerThread.mainLoop}. */
    String what() {
        return switch (kind()) {
            case TIMER -> "the thread of a java.util.Timer, waiting in " + waitingIn();
            case POOL_WORKER, SCHEDULED_POOL_WORKER -> {
                String pool = kind() == Kind.POOL_WORKER ? "ThreadPoolExecutor" : "ScheduledThreadPoolExecutor";
                ExecutorService owner = ThreadStopper.poolOf(thread);
                String idle = idle() ? "an idle worker of a " : "a worker of a ";
                yield idle + "java.util.concurrent." + pool + (owner == null ? "" : " " + stateOf(owner))
                        + (idle()
                                ? ", waiting for its next task in " + poolFrame()
                                : ", running "
                                        + applicationFrame()
                                                .map(LeakedThread::format)
                                                .orElse(waitingIn()));
            }
            case FORK_JOIN_WORKER ->
                "a worker of a ForkJoinPool " + stateOf(((ForkJoinWorkerThread) thread).getPool()) + ", waiting in "
                        + waitingIn();
            case THREAD ->
                "waiting in " + waitingIn()
                        + applicationFrame()
                                .filter(frame -> !frame.equals(waitingFrame()))
                                .map(frame -> ", from " + format(frame))
                                .orElse("");
        };
    }

    /** Whether a pool worker waits for a task (rather than runs one). */
    private boolean idle() {
        for (StackTraceElement frame : stack) {
            if (frame.getMethodName().equals("getTask") || frame.getMethodName().equals("awaitWork")) {
                return true;
            }
            if (!isJdk(frame)) {
                return false;
            }
        }
        return false;
    }

    private String poolFrame() {
        for (StackTraceElement frame : stack) {
            if (frame.getMethodName().equals("getTask")) {
                return frame.getClassName() + ".getTask";
            }
        }
        return waitingIn();
    }

    private static String stateOf(Object pool) {
        String text = pool.toString();
        int bracket = text.indexOf('[');
        return bracket < 0 ? "" : text.substring(bracket);
    }

    /** The thread's name, what it is, where it was started, and its top frames, as in a thread dump. */
    String describe() {
        StringBuilder out = new StringBuilder();
        out.append('"')
                .append(name)
                .append("\" #")
                .append(id)
                .append(daemon ? " daemon" : "")
                .append(' ')
                .append(state)
                .append(": ")
                .append(what())
                .append('\n');
        if (!startedAt.isEmpty()) {
            out.append("    started at (JFR jdk.ThreadStart):\n");
            List<StackTraceElement> shown = startedAt.subList(startFrame(), startedAt.size());
            int framework = firstFrameworkFrame(shown);
            appendFrames(out, shown.subList(0, framework), START_FRAMES_SHOWN);
            if (framework < shown.size()) {
                out.append("      ... (the test framework)\n");
            }
        }
        out.append("    now at:\n");
        int throughWaitingFrame = stack.indexOf(waitingFrame()) + 3; // show what it waits in, and for whom
        appendFrames(out, stack, Math.min(12, Math.max(FRAMES_SHOWN, throughWaitingFrame)));
        return out.toString();
    }

    /** Where the caller's code ends and the test framework's (reflection, JUnit, Surefire) begins. */
    private static int firstFrameworkFrame(List<StackTraceElement> frames) {
        for (int i = 0; i < frames.size(); i++) {
            if (isFramework(frames.get(i))) {
                return i;
            }
        }
        return frames.size();
    }

    static boolean isFramework(StackTraceElement frame) {
        String cls = frame.getClassName();
        return cls.startsWith("jdk.internal.reflect.")
                || cls.startsWith("java.lang.reflect.")
                || cls.startsWith("org.junit.")
                || cls.startsWith("org.apache.maven.surefire.");
    }

    /** Skips Thread.start itself: the first frame shown is the one that called it. */
    private int startFrame() {
        int first = 0;
        while (first < startedAt.size() - 1
                && startedAt.get(first).getClassName().equals("java.lang.Thread")) {
            first++;
        }
        return first;
    }

    private static void appendFrames(StringBuilder out, List<StackTraceElement> frames, int shown) {
        int count = Math.min(shown, frames.size());
        for (int i = 0; i < count; i++) {
            out.append("      at ").append(format(frames.get(i))).append('\n');
        }
        if (frames.size() > count) {
            out.append("      ... ").append(frames.size() - count).append(" more\n");
        }
    }

    /** The step that fits this thread: who should have stopped it, and where that code is. */
    String next() {
        String startedBy = startedBy().map(LeakedThread::format).orElse(null);
        String caller = callerOfLibrary().map(LeakedThread::format).orElse(null);
        String where = startedBy == null
                ? ""
                : caller == null
                        ? " (started at " + startedBy + ")"
                        : " (started by " + startedBy + ", called from " + caller + ")";
        return switch (kind()) {
            case TIMER ->
                "cancel() the java.util.Timer" + (startedBy == null ? "" : " created at " + startedBy)
                        + " when its owner closes: a Timer's thread ignores interrupts and runs until cancel()"
                        + (caller == null ? "." : "; the Timer's owner was made from " + caller + ".");
            case POOL_WORKER, SCHEDULED_POOL_WORKER, FORK_JOIN_WORKER ->
                "shut down the pool this worker belongs to" + where
                        + " when its owner closes: shutdown() then awaitTermination() in the owner's close()"
                        + " (or close() the library object that owns the pool).";
            case THREAD ->
                "make the thread" + where + " end when its owner closes: if a library started it, close()"
                        + " the library's object that owns it; if your code did, interrupt it or signal its loop to stop, then join() it.";
        };
    }

    /**
     * The first frame of the start stack outside the library that started the thread: where the
     * caller's code handed work to the library ({@code okhttp3...} started it; the test called it).
     */
    private Optional<StackTraceElement> callerOfLibrary() {
        Optional<StackTraceElement> library = startedBy();
        if (library.isEmpty()) {
            return Optional.empty();
        }
        String prefix = libraryPrefix(library.get().getClassName());
        boolean inLibrary = false;
        for (StackTraceElement frame : startedAt) {
            if (frame.equals(library.get())) {
                inLibrary = true;
            } else if (inLibrary && isFramework(frame)) {
                return Optional.empty();
            } else if (inLibrary && !isJdk(frame) && !frame.getClassName().startsWith(prefix)) {
                return Optional.of(frame);
            }
        }
        return Optional.empty();
    }

    /** {@code okhttp3.}, {@code org.apache.hc.}, {@code io.github.someone.}: the top packages of a class's project. */
    static String libraryPrefix(String className) {
        String[] parts = className.split("\\.");
        int depth = 1;
        if (parts.length > 2 && parts[0].matches("com|org|net|io|dev|de|fr|uk|edu|gov|ch|nl|me|co")) {
            depth = parts[1].matches("github|gitlab|google|apache") && parts.length > 3 ? 3 : 2;
        }
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < depth && i < parts.length - 1; i++) {
            prefix.append(parts[i]).append('.');
        }
        return prefix.toString();
    }

    /** Hidden classes carry a per-run address (lambdas a number too), and JFR adds a suffix: {@code Foo$$Lambda$745+0x00007fbe202636d0.1513029997}. */
    private static final java.util.regex.Pattern HIDDEN_SUFFIX =
            java.util.regex.Pattern.compile("(?<=\\$\\$Lambda)\\$\\d+|[/+]0x[0-9a-fA-F]{4,}(?:\\.\\d+)?");

    /** Without the module prefix ("java.base/") and lambda suffixes, so the output reads the same on every run and JDK. */
    static String format(StackTraceElement frame) {
        String location = frame.isNativeMethod()
                ? "Native Method"
                : frame.getFileName() == null
                        ? (frame.getLineNumber() >= 0 ? "line " + frame.getLineNumber() : "Unknown Source")
                        : frame.getLineNumber() >= 0
                                ? frame.getFileName() + ":" + frame.getLineNumber()
                                : frame.getFileName();
        String type = HIDDEN_SUFFIX.matcher(frame.getClassName()).replaceAll("");
        return type + "." + frame.getMethodName() + "(" + location + ")";
    }
}
