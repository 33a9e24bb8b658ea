package leaklab.closure;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A report as its client has it open: the rendered report, small, and nothing of the upload it
 * was rendered from. The client closes it when it leaves the page.
 */
public final class ReportView implements AutoCloseable {

    private final ReportServer server;
    private final Report report;
    private final RateFeed.Subscription subscription;
    private final AtomicBoolean open = new AtomicBoolean(true);

    ReportView(ReportServer server, Report report, RateFeed.Subscription subscription) {
        this.server = server;
        this.report = report;
        this.subscription = subscription;
    }

    public Report report() {
        return report;
    }

    public String reportId() {
        return report.reportId();
    }

    public boolean isOpen() {
        return open.get();
    }

    // tag::close[]
    /** The client left the page: nobody needs to hear about this report any more. */
    @Override
    public void close() {
        if (open.compareAndSet(true, false)) {
            subscription.cancel(); // <1>
            server.closed(this);
        }
    }
    // end::close[]

    @Override
    public String toString() {
        return "ReportView[" + report.reportId() + (isOpen() ? "]" : ", closed]");
    }
}
