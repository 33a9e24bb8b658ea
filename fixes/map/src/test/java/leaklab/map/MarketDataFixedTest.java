package leaklab.map;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.leaklab.leakcheck.Growth;
import io.github.leaklab.leakcheck.GrowthReport;
import io.github.leaklab.leakcheck.HeapRetention;
import io.github.leaklab.leakcheck.Metric;
import io.github.leaklab.leakcheck.ObjectWatcher;
import io.github.leaklab.leakcheck.RetentionReport;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The map leak, fixed, under the workload of {@code MarketDataLeakingTest}: a client connects to a
 * contract of its own, asks for its chart, sets a price alert, gets a price and leaves.
 * <ol>
 *   <li>the chart cache fills up to its bound, then stays there;</li>
 *   <li>a client that leaves takes its listeners and its topics with it;</li>
 *   <li>what the hub retains rises while the cache warms, then stays flat: a bounded cache is not a
 *       leak;</li>
 *   <li>the clients that left and the charts the cache evicted are garbage collected;</li>
 *   <li>{@code dispose()} empties the hub.</li>
 * </ol>
 */
class MarketDataFixedTest {

    static final int ROUNDS = 4;
    static final int CLIENTS_PER_ROUND = 250;
    static final int CLIENTS_PER_DUMP = 50;
    static final Instant NOW = Instant.parse("2025-06-20T14:30:00Z");

    private static final AtomicInteger clients = new AtomicInteger();

    // tag::prove[]
    @Test
    void the_chart_cache_fills_up_to_its_bound_then_stays_there() {
        MarketData market = new MarketData(); // Settings.defaults(): at most 300 charts
        Metric cached = Metric.count("cached charts", "entry", market::cachedCharts);

        GrowthReport warming = Growth.of(cached).measure(ROUNDS, 75, () -> serveOneClient(market));
        GrowthReport atBound = Growth.of(cached).measure(ROUNDS, CLIENTS_PER_ROUND, () -> serveOneClient(market));
        System.out.println("Chart cache entries per client served, while it warms: " + warming);
        System.out.println("Chart cache entries per client served, at its bound:   " + atBound);

        assertThat(warming.samples()).containsExactly(0, 75, 150, 225, 300);
        assertThat(atBound.samples()).containsExactly(300, 300, 300, 300, 300);
        assertThat(atBound.perOp()).isZero();
    }

    @Test
    void a_client_that_leaves_takes_its_listeners_and_its_topics_with_it() {
        MarketData market = new MarketData();
        Metric listeners = Metric.count("listeners", "listener", market::listeners);
        Metric topics = Metric.count("topics", "topic", market::topics);

        GrowthReport listenersLeft =
                Growth.of(listeners).measure(ROUNDS, CLIENTS_PER_ROUND, () -> serveOneClient(market));
        GrowthReport topicsLeft = Growth.of(topics).measure(ROUNDS, CLIENTS_PER_ROUND, () -> serveOneClient(market));
        System.out.println("Listeners left per client served and gone: " + listenersLeft);
        System.out.println("Topics left per client served and gone: " + topicsLeft);

        assertThat(listenersLeft.samples()).containsOnly(0L);
        assertThat(topicsLeft.samples()).containsOnly(0L);
        assertThat(market.emptyTopics()).isZero();
    }

    @Test
    void what_the_hub_retains_rises_while_the_cache_warms_then_stays_flat() {
        MarketData market = new MarketData(MarketData.Settings.defaults().withMaximumCharts(2 * CLIENTS_PER_DUMP));
        Metric retained = Metric.bytes("retained by the hub", () -> HeapRetention.retainedBytes(List.of(market)));

        GrowthReport warming = Growth.of(retained).measure(2, CLIENTS_PER_DUMP, () -> serveOneClient(market));
        GrowthReport atBound = Growth.of(retained).measure(ROUNDS, CLIENTS_PER_DUMP, () -> serveOneClient(market));
        System.out.println("Bytes the hub retains per client served, while the cache warms: " + warming);
        System.out.println("Bytes the hub retains per client served, at its bound:          " + atBound);

        // While it warms, a chart per client, as on the leaking side.
        assertThat(warming.perOp()).isGreaterThan(Chart.CANDLES * 4 * Double.BYTES);
        // At the bound, each new chart replaces an evicted one of the same size, and the clients
        // that left take everything else with them: nothing is added.
        assertThat(atBound.samples()).containsOnly(atBound.samples()[0]);
    }

    @Test
    void the_clients_that_left_and_the_charts_evicted_are_garbage_collected() {
        MarketData market = new MarketData(MarketData.Settings.defaults().withMaximumCharts(CLIENTS_PER_DUMP));
        ObjectWatcher watcher = new ObjectWatcher();
        for (int i = 0; i < 2 * CLIENTS_PER_DUMP; i++) {
            serveOneClient(market, watcher, i < CLIENTS_PER_DUMP);
        }
        RetentionReport report = watcher.leaks();
        System.out.println(2 * CLIENTS_PER_DUMP + " clients that left and the " + CLIENTS_PER_DUMP
                + " charts the cache evicted: " + report);

        report.assertNoLeak();
        assertThat(report.watched()).isEqualTo(3 * CLIENTS_PER_DUMP);
        assertThat(market.cachedCharts()).isEqualTo(CLIENTS_PER_DUMP);
    }

    @Test
    void dispose_drops_every_chart_and_every_listener() {
        MarketData market = new MarketData();
        ClientSession stillConnected = ClientSession.connect(market, "client-still-here", "OPT-STILL-HERE");
        stillConnected.setAlert(100);
        for (int i = 0; i < CLIENTS_PER_ROUND; i++) {
            serveOneClient(market);
        }

        market.dispose();

        assertThat(market.cachedCharts()).isZero();
        assertThat(market.topics()).isZero();
        assertThat(market.publish(ClientSession.quotesTopic(stillConnected.contract()), 101))
                .isZero();
    }
    // end::prove[]

    /** The workload: a client connects to a contract of its own, asks for its chart, sets an alert, gets a price, leaves. */
    static void serveOneClient(MarketData market) {
        serveOneClient(market, null, false);
    }

    /** The same, watching the client once it has left and, if asked, its chart (on the caller's watcher). */
    private static void serveOneClient(MarketData market, ObjectWatcher watcher, boolean watchChart) {
        int n = clients.incrementAndGet();
        ClientSession client = ClientSession.connect(
                market, String.format(Locale.ROOT, "client-%08d", n), String.format(Locale.ROOT, "OPT-%08d", n));
        Chart chart = client.requestChart(NOW.plusMillis(n));
        client.setAlert(chart.lastClose() * 1.05);
        market.publish(ClientSession.quotesTopic(client.contract()), chart.lastClose());
        client.disconnect();
        if (watcher != null) {
            watcher.watch(client, client + ", disconnected");
            if (watchChart) {
                watcher.watch(chart, chart + ", to be evicted");
            }
        }
    }
}
