package leaklab.map;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The chart a client draws for one contract: the last {@value #CANDLES} one-minute candles (open,
 * high, low, close) up to a moment. Computing one means reading an hour of trades, which is why
 * {@link MarketData} caches them.
 *
 * <p>Here the prices are a random walk seeded by the contract and the minute, so that the same
 * query always gets the same chart. Each chart holds {@value #CANDLES} x 4 doubles: what a cached
 * entry weighs, and what the heap gains for every entry that is never evicted.
 */
public final class Chart {

    /** One hour of one-minute candles. */
    public static final int CANDLES = 60;

    public static final Duration CANDLE = Duration.ofMinutes(1);

    private final String contract;
    private final Instant until;
    /** open, high, low, close of each candle, oldest first. */
    private final double[] ohlc;

    private Chart(String contract, Instant until, double[] ohlc) {
        this.contract = contract;
        this.until = until;
        this.ohlc = ohlc;
    }

    /** Computes the chart of {@code contract} up to {@code until}: the expensive part of a request. */
    static Chart compute(String contract, Instant until) {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(until, "until");
        long minute = until.getEpochSecond() / CANDLE.toSeconds();
        long seed = contract.hashCode() * 0x9E3779B97F4A7C15L ^ minute;
        double[] ohlc = new double[CANDLES * 4];
        double price = 100;
        for (int candle = 0; candle < CANDLES; candle++) {
            double open = price;
            double high = open;
            double low = open;
            for (int trade = 0; trade < 8; trade++) {
                seed = seed * 6364136223846793005L + 1442695040888963407L; // one step of a 64-bit LCG
                price *= 1 + ((seed >>> 40) / (double) (1L << 24) - 0.5) / 100;
                high = Math.max(high, price);
                low = Math.min(low, price);
            }
            ohlc[candle * 4] = open;
            ohlc[candle * 4 + 1] = high;
            ohlc[candle * 4 + 2] = low;
            ohlc[candle * 4 + 3] = price;
        }
        return new Chart(contract, until, ohlc);
    }

    public String contract() {
        return contract;
    }

    public Instant until() {
        return until;
    }

    /** The close of the last candle: the price a client shows next to the chart. */
    public double lastClose() {
        return ohlc[ohlc.length - 1];
    }

    @Override
    public String toString() {
        return "Chart[" + contract + " until " + until + ", " + CANDLES + " candles]";
    }
}
