package leaklab.leakcheck;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Stops one leaked thread the way its owner should have. An interrupt alone does not stop the
 * usual suspects: a {@code java.util.Timer} thread ignores it, and a pool worker goes back to
 * waiting for the next task. So a timer thread is stopped by cancelling its timer and a pool
 * worker by shutting its pool down; both reach into JDK internals and need
 * {@code --add-opens java.base/java.util=ALL-UNNAMED} (and {@code java.lang},
 * {@code java.util.concurrent}), which the build's argLine sets. Without them, an interrupt is
 * all that is tried.
 */
final class ThreadStopper {

    private ThreadStopper() {
    }

    static void stop(Thread thread) {
        try {
            if (thread.getClass().getName().equals("java.util.TimerThread")) {
                cancelTimerOf(thread);
            } else if (thread instanceof ForkJoinWorkerThread worker) {
                if (worker.getPool() != ForkJoinPool.commonPool()) {
                    worker.getPool().shutdownNow();
                }
            } else {
                Object task = runnableOf(thread);
                if (task != null && task.getClass().getName().equals("java.util.concurrent.ThreadPoolExecutor$Worker")) {
                    Object pool = field(task.getClass(), "this$0").get(task);
                    ((ExecutorService) pool).shutdownNow();
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Not opened, or a JDK whose internals differ: fall back to the interrupt below.
        }
        thread.interrupt();
    }

    /** What {@code Timer.cancel()} does, reached from the timer's thread. */
    private static void cancelTimerOf(Thread timerThread) throws ReflectiveOperationException {
        Object queue = field(timerThread.getClass(), "queue").get(timerThread);
        Field mayBeScheduled = field(timerThread.getClass(), "newTasksMayBeScheduled");
        Method clear = queue.getClass().getDeclaredMethod("clear");
        clear.setAccessible(true);
        synchronized (queue) {
            mayBeScheduled.setBoolean(timerThread, false);
            clear.invoke(queue);
            queue.notifyAll();
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
        field.setAccessible(true);
        return field;
    }
}
