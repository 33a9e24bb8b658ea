package io.github.leaklab.leakcheck;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Stops one leaked thread the way its owner should have. An interrupt alone does not stop the
 * usual suspects: a {@code java.util.Timer} thread ignores it, and a pool worker goes back to
 * waiting for the next task. So a timer thread is stopped by cancelling its timer and a pool
 * worker by shutting its pool down. Both reach into JDK internals, which is allowed only with
 * {@code --add-opens java.base/java.util=ALL-UNNAMED} (Timer), {@code java.base/java.lang} and
 * {@code java.base/java.util.concurrent} (pool workers); without them, an interrupt is all that
 * is tried, and {@link #stop} says which flag would have helped. Checking needs none of them.
 */
final class ThreadStopper {

    static final String OPENS_FOR_TIMERS = "--add-opens java.base/java.util=ALL-UNNAMED";
    static final String OPENS_FOR_POOLS =
            "--add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util.concurrent=ALL-UNNAMED";

    private ThreadStopper() {}

    /** @return null, or why the owner's way was not possible (the flag it needs) */
    static String stop(Thread thread) {
        String note = null;
        if (thread.getClass().getName().equals("java.util.TimerThread")) {
            if (!cancelTimerOf(thread)) {
                note = "\"" + thread.getName()
                        + "\" is a java.util.Timer's thread, which ignores interrupts: cancelling its"
                        + " Timer from here needs " + OPENS_FOR_TIMERS + " on the test JVM.";
            }
        } else if (thread instanceof ForkJoinWorkerThread worker) {
            if (worker.getPool() != ForkJoinPool.commonPool()) {
                worker.getPool().shutdownNow();
            }
        } else {
            ExecutorService pool = poolOf(thread);
            if (pool != null) {
                pool.shutdownNow();
            } else if (isPoolWorker(thread)) {
                note = "\"" + thread.getName() + "\" is a pool worker, which an interrupt sends back to wait for tasks:"
                        + " shutting its pool down from here needs " + OPENS_FOR_POOLS + " on the test JVM.";
            }
        }
        thread.interrupt();
        return note;
    }

    /** The ThreadPoolExecutor a worker thread belongs to, or null (not a worker, or not opened). */
    static ExecutorService poolOf(Thread thread) {
        try {
            Object task = runnableOf(thread);
            if (task != null && task.getClass().getName().equals("java.util.concurrent.ThreadPoolExecutor$Worker")) {
                return (ExecutorService) field(task.getClass(), "this$0").get(task);
            }
        } catch (ReflectiveOperationException | RuntimeException notOpened) {
            // Not opened, or a JDK whose internals differ.
        }
        return null;
    }

    private static boolean isPoolWorker(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().equals("java.util.concurrent.ThreadPoolExecutor")
                    && frame.getMethodName().equals("runWorker")) {
                return true;
            }
        }
        return false;
    }

    /** What {@code Timer.cancel()} does, reached from the timer's thread. */
    private static boolean cancelTimerOf(Thread timerThread) {
        try {
            Object queue = field(timerThread.getClass(), "queue").get(timerThread);
            Field mayBeScheduled = field(timerThread.getClass(), "newTasksMayBeScheduled");
            Method clear = queue.getClass().getDeclaredMethod("clear");
            clear.setAccessible(true);
            synchronized (queue) {
                mayBeScheduled.setBoolean(timerThread, false);
                clear.invoke(queue);
                queue.notifyAll();
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException notOpened) {
            return false;
        }
    }

    /** The Runnable a thread was started with: {@code Thread.target} up to JDK 18, {@code Thread.holder.task} after. */
    private static Object runnableOf(Thread thread) throws ReflectiveOperationException {
        try {
            return field(Thread.class, "target").get(thread);
        } catch (NoSuchFieldException newerJdk) {
            Object holder = field(Thread.class, "holder").get(thread);
            return field(holder.getClass(), "task").get(holder);
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        if (!field.trySetAccessible()) {
            throw new IllegalStateException("not opened: " + type.getName() + "." + name);
        }
        return field;
    }
}
