package leaklab.map;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * One client of the trading app, connected over a WebSocket, looking at one contract (an option:
 * thousands are listed, new ones every day). Connecting subscribes the session to the contract's
 * prices; the client then asks for a chart, and may set a price alert, which subscribes it to the
 * contract's alerts. A real server would write each frame to the socket; here they wait in
 * {@link #outbound()}.
 *
 * <p>{@link #disconnect()} is where the leak is: read it with {@link MarketData#unsubscribe}.
 */
public final class ClientSession {

    /** How many frames a session keeps for a slow socket; older ones are dropped. */
    static final int OUTBOUND_FRAMES = 16;

    private final MarketData market;
    private final String clientId;
    private final String contract;
    private final Deque<String> outbound = new ArrayDeque<>();
    private final QuoteListener onQuote = this::sendQuote;
    private final List<Subscription> subscriptions = new ArrayList<>();

    private ClientSession(MarketData market, String clientId, String contract) {
        this.market = market;
        this.clientId = clientId;
        this.contract = contract;
    }

    /** A client connected and opened {@code contract}: it gets the contract's prices from now on. */
    public static ClientSession connect(MarketData market, String clientId, String contract) {
        ClientSession session = new ClientSession(market, clientId, contract);
        session.keep(market.subscribe(quotesTopic(contract), session.onQuote));
        return session;
    }

    public String clientId() {
        return clientId;
    }

    public String contract() {
        return contract;
    }

    /** The client asked for the chart of its contract up to {@code until}. */
    public Chart requestChart(Instant until) {
        Chart chart = market.chart(contract, until);
        send(String.format(Locale.ROOT, "chart %s %.4f", chart.until(), chart.lastClose()));
        return chart;
    }

    // tag::alert[]
    /** The client wants to hear when the price reaches {@code above}. */
    public void setAlert(double above) {
        keep(market.subscribe(alertsTopic(contract), (topic, price) -> { // <1>
            if (price >= above) {
                send(String.format(Locale.ROOT, "alert %s %.4f", contract, price));
            }
        }));
    }
    // end::alert[]

    // tag::disconnect[]
    /** The socket closed: the client left. */
    public void disconnect() {
        List<Subscription> made;
        synchronized (subscriptions) {
            made = List.copyOf(subscriptions);
            subscriptions.clear();
        }
        made.forEach(Subscription::close); // <1>
    }
    // end::disconnect[]

    private void keep(Subscription subscription) {
        synchronized (subscriptions) {
            subscriptions.add(subscription);
        }
    }

    /** The frames waiting for the socket, oldest first. */
    public synchronized List<String> outbound() {
        return List.copyOf(outbound);
    }

    static String quotesTopic(String contract) {
        return "quotes/" + contract;
    }

    static String alertsTopic(String contract) {
        return "alerts/" + contract;
    }

    private void sendQuote(String topic, double price) {
        send(String.format(Locale.ROOT, "quote %s %.4f", contract, price));
    }

    private synchronized void send(String frame) {
        if (outbound.size() == OUTBOUND_FRAMES) {
            outbound.removeFirst();
        }
        outbound.addLast(frame);
    }

    @Override
    public String toString() {
        return "ClientSession[" + clientId + " on " + contract + "]";
    }
}
