package leaklab.closure;

/**
 * One report request while the server handles it: who asked, the data set they uploaded, and whom
 * to tell when the report goes out of date. The server needs the upload for the few milliseconds
 * it takes to render the report; after that only the client's {@link ReportView} should remain.
 *
 * <p>While the client looks at the report, the exchange rate may change; the client must then be
 * told to reload. So the request subscribes to the rate feed, which lives as long as the server.
 * What the callback holds, the feed holds, for as long as the subscription lasts.
 */
final class ReportRequest {

    private final String reportId;
    private final String clientId;
    private final Upload upload;
    private final Notifier notifier;

    ReportRequest(String reportId, String clientId, Upload upload, Notifier notifier) {
        this.reportId = reportId;
        this.clientId = clientId;
        this.upload = upload;
        this.notifier = notifier;
    }

    // tag::handle[]
    /** Renders the report, keeps the client informed of rate changes, and returns the client's view. */
    ReportView handle(ReportServer server, RateFeed rates) {
        Report report = Report.render(reportId, upload, rates.current()); // <1>
        subscribeToRates(rates); // <2>
        return new ReportView(server, report);
    }

    private RateFeed.Subscription subscribeToRates(RateFeed rates) {
        // All the callback needs is whom to tell, and which report.
        return rates.subscribe(change -> tellOutOfDate(change)); // <3>
    }

    private void tellOutOfDate(RateChange change) {
        notifier.tell(clientId, Report.staleNotice(reportId, change)); // <4>
    }
    // end::handle[]
}
