package leaklab.closure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The exchange rates, as an upstream service pushes them. One feed per server, for as long as the
 * server runs: its thread, {@code rate-feed}, waits for the next update and hands it to every
 * subscriber's callback.
 *
 * <p>The feed holds each callback, and everything the callback holds, until its
 * {@link Subscription} is cancelled: a live thread is a GC root, and this feed is what it runs.
 * Nothing here leaks by itself. Read {@link ReportRequest} next: the leak is in what its callback
 * holds, and for how long.
 */
public final class RateFeed implements AutoCloseable {

    private final Map<Long, Consumer<RateChange>> callbacks = new ConcurrentHashMap<>();
    private final AtomicLong nextSubscription = new AtomicLong();
    private final BlockingQueue<RateChange> updates = new LinkedBlockingQueue<>();
    private final AtomicLong updatesDelivered = new AtomicLong();
    private final Thread thread;
    private volatile RateChange current;
    private volatile boolean closed;

    /** Starts the feed's thread, with {@code initial} as the rate until the first update. */
    public RateFeed(RateChange initial) {
        this.current = Objects.requireNonNull(initial, "initial");
        this.thread = new Thread(this::deliverUpdates, "rate-feed");
        thread.setDaemon(true);
        thread.start();
    }

    /** The rate of the latest update. */
    public RateChange current() {
        return current;
    }

    /** An update arrived from upstream: it is the current rate now, and every subscriber hears of it soon. */
    public void publish(RateChange change) {
        Objects.requireNonNull(change, "change");
        if (closed) {
            throw new IllegalStateException("the rate feed is closed");
        }
        current = change;
        updates.add(change);
    }

    /**
     * Calls {@code callback} with every update from now on, on the feed's thread, until the
     * subscription returned is cancelled.
     */
    public Subscription subscribe(Consumer<RateChange> callback) {
        Objects.requireNonNull(callback, "callback");
        long id = nextSubscription.incrementAndGet();
        callbacks.put(id, callback);
        return new Subscription(this, id);
    }

    /** How many callbacks the feed holds now: one per subscription not yet cancelled. */
    public int subscribers() {
        return callbacks.size();
    }

    /** How many updates every subscriber has been called with so far. */
    public long updatesDelivered() {
        return updatesDelivered.get();
    }

    /** The callbacks the feed holds now, for tests that look at what each one captures. */
    List<Consumer<RateChange>> callbacks() {
        return List.copyOf(callbacks.values());
    }

    /** Stops the feed's thread; callbacks are not called again. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        callbacks.clear();
    }

    private void deliverUpdates() {
        try {
            while (!closed) {
                RateChange change = updates.take();
                for (Consumer<RateChange> callback : callbacks.values()) {
                    try {
                        callback.accept(change);
                    } catch (RuntimeException e) {
                        // One failing subscriber must not stop the others, nor the feed.
                        thread.getUncaughtExceptionHandler().uncaughtException(thread, e);
                    }
                }
                updatesDelivered.incrementAndGet();
            }
        } catch (InterruptedException closing) {
            // close() ends the thread
        }
    }

    /**
     * The handle {@link #subscribe} returns: the only way to make the feed let go of a callback.
     * A static nested class, with the two fields it needs: it holds the feed, which lives as long as
     * the server anyway, and not whatever object subscribed.
     */
    public static final class Subscription {

        private final RateFeed feed;
        private final long id;

        private Subscription(RateFeed feed, long id) {
            this.feed = feed;
            this.id = id;
        }

        /** Stops the callbacks and lets the feed drop the callback; again does nothing. */
        public void cancel() {
            feed.callbacks.remove(id);
        }

        /** Whether the feed still holds the callback. */
        public boolean isActive() {
            return feed.callbacks.containsKey(id);
        }
    }
}
