package leaklab.map;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What {@link MarketData#subscribe} returns: the one thing that can end the subscription.
 * {@link #close()} removes the listener, and the topic with it once its last listener is gone.
 * Closing twice is harmless.
 */
public final class Subscription implements AutoCloseable {

    private final MarketData market;
    private final String topic;
    private final QuoteListener listener;
    private final AtomicBoolean open = new AtomicBoolean(true);

    Subscription(MarketData market, String topic, QuoteListener listener) {
        this.market = market;
        this.topic = topic;
        this.listener = listener;
    }

    public String topic() {
        return topic;
    }

    public boolean isOpen() {
        return open.get();
    }

    @Override
    public void close() {
        if (open.compareAndSet(true, false)) {
            market.unsubscribe(topic, listener);
        }
    }

    @Override
    public String toString() {
        return "Subscription[" + topic + (isOpen() ? "]" : ", closed]");
    }
}
