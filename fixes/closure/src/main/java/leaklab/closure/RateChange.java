package leaklab.closure;

/**
 * One update of the exchange-rate feed: how many euros a US dollar buys, from this version on.
 *
 * @param version counts the updates, from 0 for the rate the feed starts with
 * @param usdToEur euros per US dollar
 */
public record RateChange(long version, double usdToEur) {

    public RateChange {
        if (version < 0) {
            throw new IllegalArgumentException("version must be 0 or more: " + version);
        }
        if (!(usdToEur > 0)) {
            throw new IllegalArgumentException("usdToEur must be above 0: " + usdToEur);
        }
    }

    /** The next version, at {@code usdToEur}. */
    public RateChange next(double usdToEur) {
        return new RateChange(version + 1, usdToEur);
    }
}
