package leaklab.thread;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request's cancellation, the Java twin of a Go {@code context}: the gateway cancels the scope
 * when it gives up on the request, and whatever the request holds is given back then.
 *
 * <p>{@link #onCancel} waits for the cancellation on a thread of its own, a <em>watcher</em>, as Go
 * code writes {@code go func() { <-ctx.Done(); release() }()}. The watcher ends when the scope is
 * cancelled, and also when the request completes: the caller then runs the {@link Release} that
 * {@code onCancel} returned, which gives back what the request holds, once, and wakes the watcher.
 */
public final class RequestScope {

    private final String request;
    private final Executor watchers;
    private boolean cancelled; // guarded by this

    /**
     * @param request the request, as messages and toString name it
     * @param watchers runs the watchers; each one holds a thread for as long as it waits
     */
    public RequestScope(String request, Executor watchers) {
        this.request = Objects.requireNonNull(request, "request");
        this.watchers = Objects.requireNonNull(watchers, "watchers");
    }

    // tag::release[]
    /**
     * Runs {@code callback} once the request is cancelled, on a watcher that waits for that, or
     * earlier, when the caller runs the returned release because the request completed. Either way
     * the callback runs once and the watcher ends.
     *
     * @throws NullPointerException if {@code callback} is null (now, not on the watcher later)
     */
    public Release onCancel(Runnable callback) {
        Release release = new Release(Objects.requireNonNull(
                callback, "onCancel(null): pass what gives back what the request holds, e.g. permits::release"));
        watchers.execute(() -> {
            try {
                awaitCancellation(release);
            } catch (InterruptedException e) {
                return; // its pool is shutting down: nothing is left to give back to
            }
            release.run(); // does nothing if the request completed first
        });
        return release;
    }
    // end::release[]

    // tag::release-once[]
    /**
     * Runs its callback exactly once, however many threads run it at the same time, then wakes the
     * watcher. A thread that comes second returns at once, without waiting for the callback.
     */
    public final class Release implements Runnable {

        private final Runnable callback;
        private final AtomicBoolean done = new AtomicBoolean();

        private Release(Runnable callback) {
            this.callback = callback;
        }

        @Override
        public void run() {
            if (done.compareAndSet(false, true)) {
                try {
                    callback.run();
                } finally {
                    wakeWatchers();
                }
            }
        }

        /** Whether the callback has run (or is running). */
        public boolean isDone() {
            return done.get();
        }
    }
    // end::release-once[]

    /** Gives up on the request and wakes its watchers. Cancelling twice does no harm. */
    public synchronized void cancel() {
        cancelled = true;
        notifyAll();
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    @Override
    public String toString() {
        return "RequestScope[" + request + (isCancelled() ? ", cancelled]" : "]");
    }

    // tag::await[]
    /** Where a watcher waits: the frame a thread dump shows it in. */
    private synchronized void awaitCancellation(Release release) throws InterruptedException {
        while (!cancelled && !release.isDone()) {
            wait();
        }
    }
    // end::await[]

    private synchronized void wakeWatchers() {
        notifyAll();
    }
}
