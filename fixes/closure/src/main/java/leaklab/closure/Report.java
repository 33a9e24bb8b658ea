package leaklab.closure;

/**
 * A rendered report, what the client sees: how many sales its upload had, and their total in
 * dollars and in euros at the rate of the day.
 *
 * @param reportId the server's name for it, {@code report-42}
 * @param sales how many sales the upload had
 * @param totalUsdCents their total, in US dollar cents
 * @param totalEurCents the same in euro cents, at {@code rateVersion}
 * @param rateVersion the version of the exchange rate the report was rendered with
 */
public record Report(String reportId, int sales, long totalUsdCents, long totalEurCents, long rateVersion) {

    /** Renders the report of {@code upload}, at {@code rate}. */
    static Report render(String reportId, Upload upload, RateChange rate) {
        Upload.Sales sales = upload.sales();
        return new Report(
                reportId,
                sales.count(),
                sales.totalCents(),
                Math.round(sales.totalCents() * rate.usdToEur()),
                rate.version());
    }

    /** What a client is told when the rates change under a report it is looking at. */
    static String staleNotice(String reportId, RateChange change) {
        return reportId + " is out of date: the exchange rate changed (version " + change.version() + "); reload it";
    }
}
