package leaklab.exercise.map;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts a web service's requests by method, route and status, the way a metrics library does: one
 * counter (a series) per combination of tag values, kept for as long as the process runs so that
 * the monitoring system can read every series at each scrape. A series costs memory here and, once
 * exported, in the monitoring system too.
 *
 * <p>The service calls {@link #record} once per request, from many threads at once.
 */
public final class RequestMetrics {

    /**
     * The most series of routes a registry keeps; past it, requests are counted under
     * {@link #OTHER_ROUTE}, one more series for each method and status.
     */
    public static final int MAX_SERIES = 1_000;
    /** The route of requests that no series could take. */
    public static final String OTHER_ROUTE = "(other)";

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    /**
     * Counts one request.
     *
     * @param method the HTTP method, {@code GET}
     * @param path the path the client asked for, as it came: {@code /users/48213/orders/77}
     * @param status the response's status code
     */
    public void record(String method, String path, int status) {
        // TODO: a series per distinct path: how many paths can a service be asked for?
        counters.computeIfAbsent(key(method, path, status), key -> new LongAdder())
                .increment();
    }

    /** The requests counted under this method, route and status. */
    public long count(String method, String route, int status) {
        LongAdder counter = counters.get(key(method, route, status));
        return counter == null ? 0 : counter.sum();
    }

    /** How many series the registry keeps. */
    public int series() {
        return counters.size();
    }

    /** Every series and its count, sorted, as a scrape reads them. */
    public Map<String, Long> snapshot() {
        Map<String, Long> snapshot = new TreeMap<>();
        counters.forEach((key, counter) -> snapshot.put(key, counter.sum()));
        return snapshot;
    }

    private static String key(String method, String route, int status) {
        return method + " " + route + " " + status;
    }
}
