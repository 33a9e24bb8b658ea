package leaklab.closure;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A report server: clients upload a data set of sales and get a report of it, in dollars and in
 * euros at the rate of the day; while they look at it, they are told when the rate changes. The
 * server owns the {@link RateFeed}, which lives as long as it does.
 *
 * <p>Nothing here leaks by itself. Read {@link ReportRequest} next: the leak is in its callback.
 */
public final class ReportServer implements AutoCloseable {

    /** The rate the feed starts with, until the first update. */
    public static final RateChange FIRST_RATE = new RateChange(0, 0.92);

    private final Notifier notifier;
    private final RateFeed rates = new RateFeed(FIRST_RATE);
    private final AtomicLong reports = new AtomicLong();
    private final AtomicInteger viewing = new AtomicInteger();

    public ReportServer(Notifier notifier) {
        this.notifier = Objects.requireNonNull(notifier, "notifier");
    }

    /** Handles one request: renders the report of {@code upload} for {@code clientId}, who keeps it open. */
    public ReportView open(String clientId, Upload upload) {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(upload, "upload");
        ReportRequest request = new ReportRequest("report-" + reports.incrementAndGet(), clientId, upload, notifier);
        ReportView view = request.handle(this, rates);
        viewing.incrementAndGet();
        return view;
    }

    /** The exchange-rate feed: the upstream service publishes its updates here. */
    public RateFeed rates() {
        return rates;
    }

    /** How many reports are open now. */
    public int viewing() {
        return viewing.get();
    }

    /** How many callbacks the rate feed holds: one per open report if all is well. */
    public int pendingCallbacks() {
        return rates.subscribers();
    }

    /** Stops the rate feed. */
    @Override
    public void close() {
        rates.close();
    }

    void closed(ReportView view) {
        viewing.decrementAndGet();
    }
}
