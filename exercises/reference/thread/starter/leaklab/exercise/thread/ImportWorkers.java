package leaklab.exercise.thread;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Exercise "thread": a small pool of worker threads that run import jobs.
 *
 * <p>A batch importer opens one {@code ImportWorkers} pool for each file it imports, submits one
 * job per row, waits for the rows to be stored, and closes the pool (try-with-resources). Every
 * caller closes its pool. Yet the importer gains a few threads for every file it ever imported,
 * each one waiting for a job that will never come.
 *
 * <p>Make {@code ./lab verify thread} pass without changing the tests: an open pool must still
 * run every job it is given, and a closed pool must leave no thread behind.
 * {@code ./lab hint thread} when you are stuck.
 */
public final class ImportWorkers implements AutoCloseable {

    private final BlockingQueue<Runnable> jobs = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running = true;

    /**
     * Opens a pool and starts its workers.
     *
     * @param name names the worker threads, e.g. {@code "import-7"} gives {@code "import-7-worker-1"}...
     * @param threads how many workers run jobs at the same time
     */
    public ImportWorkers(String name, int threads) {
        for (int i = 1; i <= threads; i++) {
            Thread worker = new Thread(this::work, name + "-worker-" + i);
            workers.add(worker);
            worker.start();
        }
    }

    /**
     * Queues {@code job}; the next free worker runs it.
     *
     * @throws IllegalStateException if the pool is closed
     */
    public void submit(Runnable job) {
        Objects.requireNonNull(job, "job");
        if (!running) {
            throw new IllegalStateException("the pool is closed");
        }
        jobs.add(job);
    }

    /** What each worker does until the pool is closed: take the next job, run it. */
    private void work() {
        while (running) {
            try {
                jobs.take().run(); // waits until there is a job
            } catch (InterruptedException e) {
                return; // interrupted: this worker is done
            }
        }
    }

    /**
     * Stops the pool: it refuses new jobs, and {@code close()} returns once every worker thread has
     * ended. A job already running is not abandoned: {@code close()} waits for it (the job may see
     * an interrupt on the way; one that must not stop halfway ignores it). Closing a closed pool
     * does nothing.
     */
    @Override
    public void close() {
        // TODO: the pool is closed. When will each worker next read this flag?
        running = false;
    }
}
