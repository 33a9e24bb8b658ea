package leaklab.map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
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
 * The cache is bounded by size and by age ({@link Settings}), and a topic leaves the registry with
 * its last listener. Read {@link #chart} and {@link #unsubscribe}, then {@link ClientSession}.
 */
public final class MarketData {

    /**
     * How much the chart cache may hold.
     *
     * @param maximumCharts the most charts it keeps; past it, the ones least likely to be asked for
     *     again go first
     * @param chartsExpireAfterWrite how long a chart stays, however little the cache holds
     */
    public record Settings(long maximumCharts, Duration chartsExpireAfterWrite) {

        public Settings {
            Objects.requireNonNull(chartsExpireAfterWrite, "chartsExpireAfterWrite");
            if (maximumCharts < 1) {
                throw new IllegalArgumentException("maximumCharts must be at least 1: " + maximumCharts);
            }
            if (chartsExpireAfterWrite.isNegative() || chartsExpireAfterWrite.isZero()) {
                throw new IllegalArgumentException(
                        "chartsExpireAfterWrite must be positive: " + chartsExpireAfterWrite);
            }
        }

        /** 300 charts, each for at most 10 minutes. */
        public static Settings defaults() {
            return new Settings(300, Duration.ofMinutes(10));
        }

        public Settings withMaximumCharts(long maximum) {
            return new Settings(maximum, chartsExpireAfterWrite);
        }
    }

    // tag::shared[]
    private static final MarketData SHARED = new MarketData(); // <1>

    /** The process's hub, the one every client session of the server uses. */
    public static MarketData shared() {
        return SHARED;
    }
    // end::shared[]

    // tag::maps[]
    private final Cache<String, Chart> charts; // <1>
    private final Map<String, Set<QuoteListener>> listeners = new ConcurrentHashMap<>(); // <2>
    // end::maps[]

    /** A hub of its own, for a second server in the same process, or a test. */
    public MarketData() {
        this(Settings.defaults());
    }

    /** A hub of its own, with a chart cache of this size. */
    public MarketData(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        // tag::cache[]
        charts = Caffeine.newBuilder()
                .maximumSize(settings.maximumCharts()) // <1>
                .expireAfterWrite(settings.chartsExpireAfterWrite()) // <2>
                .executor(Runnable::run) // <3>
                .build();
        // end::cache[]
    }

    // tag::chart[]
    /** The chart of {@code contract} up to {@code until}, computed once per query and cached. */
    public Chart chart(String contract, Instant until) {
        String query = contract + " until " + until; // <1>
        return charts.get(query, q -> Chart.compute(contract, until)); // <2>
    }
    // end::chart[]

    // tag::subscribe[]
    /**
     * Delivers every price published on {@code topic} to {@code listener}, until the subscription
     * this returns is closed.
     */
    public Subscription subscribe(String topic, QuoteListener listener) { // <1>
        Objects.requireNonNull(listener, "listener");
        // In compute(), not computeIfAbsent() then add(): an unsubscribe that drops the topic's set
        // at the same moment could otherwise drop it with this listener in it.
        listeners.compute(topic, (t, topicListeners) -> {
            Set<QuoteListener> set = topicListeners == null ? ConcurrentHashMap.newKeySet() : topicListeners;
            set.add(listener);
            return set;
        });
        return new Subscription(this, topic, listener);
    }

    /** Stops delivering {@code topic}'s prices to {@code listener}; a topic left with no listener goes. */
    public void unsubscribe(String topic, QuoteListener listener) {
        listeners.computeIfPresent(topic, (t, topicListeners) -> {
            topicListeners.remove(listener);
            return topicListeners.isEmpty() ? null : topicListeners; // <2>
        });
    }

    /** Drops every chart and every listener: the end of the hub (a server that stops, a test that is done). */
    public void dispose() { // <3>
        listeners.clear();
        charts.invalidateAll();
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
        return charts.estimatedSize(); // exact here: evictions run in the write that overfills the cache
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
