package leaklab.map;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The market-data hub of a trading app's WebSocket backend: every client session asks it for
 * charts and subscribes to prices through it. There is one per process ({@link #shared()}), so
 * what it holds is reachable from a static field for as long as the process lives.
 *
 * <p>It keeps two maps that live as long as it does:
 * <ul>
 *   <li>{@code charts}, the charts it computed, keyed by the query that asked for each: a contract
 *       and the moment the chart ends;</li>
 *   <li>{@code listeners}, who listens to each topic ({@code quotes/<contract>},
 *       {@code alerts/<contract>}).</li>
 * </ul>
 * Both only ever grow. Read {@link #chart} and {@link #unsubscribe}, then {@link ClientSession}.
 */
public final class MarketData {

    // tag::shared[]
    private static final MarketData SHARED = new MarketData(); // <1>

    /** The process's hub, the one every client session of the server uses. */
    public static MarketData shared() {
        return SHARED;
    }
    // end::shared[]

    // tag::maps[]
    private final Map<String, Chart> charts = new ConcurrentHashMap<>(); // <1>
    private final Map<String, Set<QuoteListener>> listeners = new ConcurrentHashMap<>(); // <2>
    // end::maps[]

    /** A hub of its own, for a second server in the same process, or a test. */
    public MarketData() {}

    // tag::chart[]
    /** The chart of {@code contract} up to {@code until}, computed once per query and cached. */
    public Chart chart(String contract, Instant until) {
        String query = contract + " until " + until; // <1>
        return charts.computeIfAbsent(query, q -> Chart.compute(contract, until)); // <2>
    }
    // end::chart[]

    // tag::subscribe[]
    /** Delivers every price published on {@code topic} to {@code listener}, until it unsubscribes. */
    public void subscribe(String topic, QuoteListener listener) { // <1>
        Objects.requireNonNull(listener, "listener");
        listeners.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(listener);
    }

    /** Stops delivering {@code topic}'s prices to {@code listener}. */
    public void unsubscribe(String topic, QuoteListener listener) {
        Set<QuoteListener> topicListeners = listeners.get(topic);
        if (topicListeners != null) {
            topicListeners.remove(listener); // <2>
        }
    }
    // end::subscribe[]

    /** Sends {@code price} to every listener of {@code topic}; returns how many got it. */
    public int publish(String topic, double price) {
        Set<QuoteListener> topicListeners = listeners.getOrDefault(topic, Set.of());
        for (QuoteListener listener : topicListeners) {
            listener.onQuote(topic, price);
        }
        return topicListeners.size();
    }

    /** How many charts the cache holds. */
    public long cachedCharts() {
        return charts.size();
    }

    /** How many topics the registry knows, with or without listeners. */
    public int topics() {
        return listeners.size();
    }

    /** How many listeners the registry holds, over every topic. */
    public int listeners() {
        return listeners.values().stream().mapToInt(Set::size).sum();
    }

    /** How many topics the registry keeps with no listener left. */
    public int emptyTopics() {
        return (int) listeners.values().stream().filter(Set::isEmpty).count();
    }
}
