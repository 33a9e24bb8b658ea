package leaklab.thread;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * One request's cancellation, the Java twin of a Go {@code context}: the gateway cancels the scope
 * when it gives up on the request, and whatever the request holds is given back then.
 *
 * <p>{@link #onCancel} waits for the cancellation on a thread of its own, a <em>watcher</em>, as Go
 * code writes {@code go func() { <-ctx.Done(); release() }()}. The watcher ends when the scope is
 * cancelled. And when it never is? A request that completes is not cancelled.
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
    /** Runs {@code callback} once the request is cancelled, on a watcher that waits for that. */
    public void onCancel(Runnable callback) {
        watchers.execute(() -> {
            try {
                awaitCancellation();
            } catch (InterruptedException e) {
                return; // its pool is shutting down: nothing is left to give back to
            }
            callback.run();
        });
    }
    // end::release[]

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
    private synchronized void awaitCancellation() throws InterruptedException {
        while (!cancelled) {
            wait();
        }
    }
    // end::await[]
}
