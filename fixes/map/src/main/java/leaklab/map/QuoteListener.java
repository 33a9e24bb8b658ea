package leaklab.map;

/** Receives the prices published on a topic it subscribed to (see {@link MarketData#subscribe}). */
@FunctionalInterface
public interface QuoteListener {

    void onQuote(String topic, double price);
}
