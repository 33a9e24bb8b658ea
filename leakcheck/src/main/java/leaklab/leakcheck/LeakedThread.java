package leaklab.leakcheck;

import java.util.Arrays;
import java.util.List;

/**
 * A thread that outlived the workload that started it, as seen at the verdict.
 *
 * @param thread the thread itself, for teardown
 * @param id its thread id
 * @param name its name, the first thing {@code jcmd <pid> Thread.print} shows
 * @param state its state (a leaked worker is usually WAITING or TIMED_WAITING)
 * @param daemon whether it is a daemon thread (a daemon does not keep the JVM up, but it still leaks)
 * @param stack its stack at the verdict, innermost frame first
 */
public record LeakedThread(Thread thread, long id, String name, Thread.State state, boolean daemon,
                           List<StackTraceElement> stack) {

    /** How many frames a report shows per thread. */
    static final int FRAMES_SHOWN = 6;

    static LeakedThread of(Thread thread, StackTraceElement[] stack) {
        return new LeakedThread(thread, thread.getId(), thread.getName(), thread.getState(),
                thread.isDaemon(), List.copyOf(Arrays.asList(stack)));
    }

    /**
     * The frame the thread waits in, skipping the JDK's waiting primitives (Unsafe.park,
     * LockSupport, Object.wait, AbstractQueuedSynchronizer...): {@code java.util.TimerThread.mainLoop}
     * for a timer, {@code java.util.concurrent.SynchronousQueue.put} for a blocked hand-off.
     * Returns {@code "(no frames)"} for a thread without a Java stack.
     */
    public String parkedIn() {
        for (StackTraceElement frame : stack) {
            if (!isWaitingPrimitive(frame)) {
                return frame.getClassName() + "." + frame.getMethodName();
            }
        }
        return stack.isEmpty() ? "(no frames)" : format(stack.get(stack.size() - 1));
    }

    private static boolean isWaitingPrimitive(StackTraceElement frame) {
        String cls = frame.getClassName();
        String method = frame.getMethodName();
        return cls.equals("jdk.internal.misc.Unsafe")
                || cls.startsWith("java.util.concurrent.locks.")
                || (cls.equals("java.lang.Object") && method.startsWith("wait"))
                || (cls.equals("java.lang.Thread") && (method.startsWith("sleep") || method.equals("join")))
                || cls.equals("java.util.concurrent.ForkJoinPool") && method.contains("anagedBlock")
                || cls.startsWith("java.util.concurrent.SynchronousQueue$")
                || (cls.equals("java.util.concurrent.SynchronousQueue") && method.equals("xfer")) // JDK 21+
                || (cls.equals("java.util.concurrent.LinkedTransferQueue") && (method.equals("xfer") || method.equals("awaitMatch")))
                || cls.startsWith("java.util.concurrent.LinkedTransferQueue$")
                || cls.startsWith("java.util.concurrent.CompletableFuture$Signaller");
    }

    /** One line per thread, then its top frames, as in a thread dump. */
    String describe() {
        StringBuilder out = new StringBuilder();
        out.append('"').append(name).append("\" #").append(id)
                .append(daemon ? " daemon" : "").append(' ').append(state)
                .append(", parked in ").append(parkedIn()).append('\n');
        int shown = Math.min(FRAMES_SHOWN, stack.size());
        for (int i = 0; i < shown; i++) {
            out.append("      at ").append(format(stack.get(i))).append('\n');
        }
        if (stack.size() > shown) {
            out.append("      ... ").append(stack.size() - shown).append(" more\n");
        }
        return out.toString();
    }

    private static String format(StackTraceElement frame) {
        // Without the module prefix ("java.base/") so the output reads the same on every JDK.
        String location = frame.isNativeMethod() ? "Native Method"
                : frame.getFileName() == null ? "Unknown Source"
                : frame.getLineNumber() >= 0 ? frame.getFileName() + ":" + frame.getLineNumber()
                : frame.getFileName();
        return frame.getClassName() + "." + frame.getMethodName() + "(" + location + ")";
    }
}
