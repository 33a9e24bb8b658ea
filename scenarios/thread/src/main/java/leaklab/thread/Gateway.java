package leaklab.thread;

import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A request gateway: it hands each request to a worker, which asks the slow {@link Backend}, and
 * waits for the answer no longer than the timeout. At most {@code maxInFlight} requests hold a
 * permit at a time; a request gives its permit back when it completes, or, through a watcher, when
 * it is cancelled (see {@link RequestScope}).
 *
 * <p>Each request takes two threads, a worker and a watcher, from two pools the gateway owns. Both
 * are cached pools: a free thread takes the next task, and a new thread starts whenever none is
 * free. Nothing caps them, so a thread that never comes back is never missed: the pool just starts
 * another, the way a Go program starts another goroutine. Read {@link #call}: every request must
 * give both threads back, whether it completes or times out.
 */
public final class Gateway implements AutoCloseable {

    /** The service behind the gateway. It may be slow, and it may ignore an interrupt. */
    @FunctionalInterface
    public interface Backend {
        /** The answer to {@code request}. A well-behaved backend gives up when interrupted. */
        String call(String request) throws InterruptedException;
    }

    /**
     * How the gateway behaves.
     *
     * @param timeout how long a caller waits for a permit, and then for the answer
     * @param maxInFlight how many requests may hold a permit at a time
     */
    public record Settings(Duration timeout, int maxInFlight) {

        public Settings {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.toMillis() <= 0) {
                throw new IllegalArgumentException("timeout must be at least 1 ms: " + timeout);
            }
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
            }
        }

        /** A 2 s timeout, 64 requests in flight. */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(2), 64);
        }

        public Settings withTimeout(Duration newTimeout) {
            return new Settings(newTimeout, maxInFlight);
        }

        public Settings withMaxInFlight(int newMaxInFlight) {
            return new Settings(timeout, newMaxInFlight);
        }
    }

    private final Settings settings;
    private final Backend backend;
    private final Semaphore permits;
    private final ThreadPoolExecutor workers = cachedPool("gateway-worker-");
    private final ThreadPoolExecutor watchers = cachedPool("cancel-watcher-");
    private volatile boolean closed;

    public Gateway(Settings settings, Backend backend) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.permits = new Semaphore(settings.maxInFlight());
    }

    /**
     * Asks the backend, through a worker, and waits for the answer.
     *
     * @throws TimeoutException if no permit or no answer came within the timeout
     */
    // tag::call[]
    public String call(String request) throws TimeoutException, InterruptedException {
        Objects.requireNonNull(request, "request");
        if (closed) {
            throw new IllegalStateException("the gateway is closed");
        }
        long timeout = settings.timeout().toNanos();
        if (!permits.tryAcquire(timeout, NANOSECONDS)) {
            throw new TimeoutException(request + ": no permit within " + settings.timeout() + ", " + permitsInUse()
                    + " requests in flight");
        }
        RequestScope scope = new RequestScope(request, watchers);
        scope.onCancel(permits::release); // a cancelled request gives its permit back
        // tag::handoff[]
        SynchronousQueue<String> reply = new SynchronousQueue<>();
        workers.execute(() -> {
            try {
                reply.put(backend.call(request)); // waits for the caller to take the answer
            } catch (InterruptedException e) {
                // Interrupted: nobody wants the answer any more.
            }
        });
        String answer = null;
        try {
            answer = reply.poll(timeout, NANOSECONDS);
        } finally {
            if (answer == null) { // timed out, or the caller was interrupted: give up the request
                scope.cancel();
            }
        }
        // end::handoff[]
        if (answer == null) {
            throw new TimeoutException(request + ": no answer within " + settings.timeout());
        }
        permits.release(); // completed: the permit goes back, and nobody tells the watcher
        return answer;
    }
    // end::call[]

    /** How many requests hold a permit now. */
    public int permitsInUse() {
        return settings.maxInFlight() - permits.availablePermits();
    }

    /** How many workers are busy: asking the backend, or waiting to hand the answer over. */
    public int busyWorkers() {
        return workers.getActiveCount();
    }

    /** How many watchers wait for their request to be cancelled. */
    public int waitingWatchers() {
        return watchers.getActiveCount();
    }

    /** Refuses new requests. */
    // tag::close[]
    @Override
    public void close() {
        closed = true;
        // Forgotten: the worker and watcher pools. Their idle threads end after a minute; the blocked ones
        // never do.
    }
    // end::close[]

    /** What {@code Executors.newCachedThreadPool()} makes, with named daemon threads. */
    private static ThreadPoolExecutor cachedPool(String namePrefix) {
        AtomicInteger started = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, SECONDS, new SynchronousQueue<>(), work -> {
            Thread thread = new Thread(work, namePrefix + started.incrementAndGet());
            thread.setDaemon(true); // it does not keep the JVM up; it still leaks
            return thread;
        });
    }
}
