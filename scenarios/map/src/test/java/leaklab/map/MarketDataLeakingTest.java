package leaklab.map;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.leaklab.leakcheck.Growth;
import io.github.leaklab.leakcheck.GrowthReport;
import io.github.leaklab.leakcheck.HeapRetention;
import io.github.leaklab.leakcheck.Metric;
import io.github.leaklab.leakcheck.heap.HeapDump;
import io.github.leaklab.leakcheck.heap.HeapDumpException;
import io.github.leaklab.leakcheck.heap.PathGroup;
import io.github.leaklab.leakcheck.heap.Retention;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The map leak, proved. Each test serves clients one after the other, the demo's workload: a client
 * connects to a contract of its own, asks for its chart, sets a price alert, gets a price and
 * leaves. Then it shows what stays behind:
 * <ol>
 *   <li>the chart cache gains an entry per client, and never loses one;</li>
 *   <li>the registry gains a listener (the alert) and an empty set (the quotes topic) per client;</li>
 *   <li>what the hub retains, measured on a heap dump by Shark, grows by the same bytes per client;</li>
 *   <li>where it is held: from a static field, through the map's table, node by node.</li>
 * </ol>
 * These tests pass <em>because</em> it leaks. The fixed twin ({@code fixes/map},
 * {@code MarketDataFixedTest}) runs the same workload and proves the maps flat.
 *
 * <p>Each test but the last has a hub of its own, which it drops at its end: the leak goes with it.
 * The last one uses the process's hub, {@link MarketData#shared()}, as the server does, and nothing
 * can empty that one: it is the leak, and it ends with the test JVM.
 */
class MarketDataLeakingTest {

    static final int ROUNDS = 4;
    static final int CLIENTS_PER_ROUND = 250;
    /** Fewer clients where every sample is a heap dump. */
    static final int CLIENTS_PER_DUMP = 50;

    static final Instant NOW = Instant.parse("2025-06-20T14:30:00Z");

    private static final AtomicInteger clients = new AtomicInteger();

    // tag::prove[]
    @Test
    void every_chart_request_adds_an_entry_that_is_never_evicted() {
        MarketData market = new MarketData();
        Metric cached = Metric.count("cached charts", "entry", market::cachedCharts);

        GrowthReport charts = Growth.of(cached).measure(ROUNDS, CLIENTS_PER_ROUND, () -> serveOneClient(market));
        System.out.println("Chart cache entries per client served: " + charts);

        assertThat(charts.samples()).containsExactly(0, 250, 500, 750, 1000);
        assertThat(charts.perOp()).isEqualTo(1.0);
    }

    @Test
    void every_client_that_leaves_leaves_its_alert_listener_and_an_empty_set() {
        MarketData market = new MarketData();
        Metric listeners = Metric.count("listeners", "listener", market::listeners);
        Metric emptySets = Metric.count("topics with no listener", "empty set", market::emptyTopics);

        GrowthReport listenersLeft =
                Growth.of(listeners).measure(ROUNDS, CLIENTS_PER_ROUND, () -> serveOneClient(market));
        GrowthReport emptySetsLeft =
                Growth.of(emptySets).measure(ROUNDS, CLIENTS_PER_ROUND, () -> serveOneClient(market));
        System.out.println("Listeners left per client served and gone: " + listenersLeft);
        System.out.println("Empty sets left per client served and gone: " + emptySetsLeft);
        System.out.println("After " + 2 * ROUNDS * CLIENTS_PER_ROUND + " clients, none connected: "
                + market.topics() + " topics, " + market.listeners() + " listeners, "
                + market.emptyTopics() + " topics with none");

        assertThat(listenersLeft.perOp()).isEqualTo(1.0);
        assertThat(emptySetsLeft.perOp()).isEqualTo(1.0);
        // Two topics per client: its quotes (emptied by disconnect, kept) and its alerts (never emptied).
        assertThat(market.topics()).isEqualTo(2 * 2 * ROUNDS * CLIENTS_PER_ROUND);
        assertThat(market.listeners()).isEqualTo(2 * ROUNDS * CLIENTS_PER_ROUND);
    }

    @Test
    void what_the_hub_retains_grows_by_a_chart_and_a_client_for_every_client_served() {
        MarketData market = new MarketData();
        // Retained bytes: what the heap would get back if the hub went, from a heap dump's dominator tree.
        Metric retained = Metric.bytes("retained by the hub", () -> HeapRetention.retainedBytes(List.of(market)));

        GrowthReport bytes = Growth.of(retained).measure(ROUNDS, CLIENTS_PER_DUMP, () -> serveOneClient(market));
        System.out.println("Bytes the hub retains per client served: " + bytes);

        // A chart's candles alone are 60 x 4 doubles; keys, nodes, sets and sessions come on top.
        assertThat(bytes.perOp()).isGreaterThan(Chart.CANDLES * 4 * Double.BYTES);
        long[] samples = bytes.samples();
        for (int round = 1; round < samples.length; round++) {
            assertThat(samples[round]).as("after round %d", round).isGreaterThan(samples[round - 1]);
        }
    }

    @Test
    void the_charts_and_the_clients_are_held_from_a_static_field_through_the_maps() throws HeapDumpException {
        MarketData market = MarketData.shared();
        for (int i = 0; i < CLIENTS_PER_DUMP; i++) {
            serveOneClient(market);
        }

        try (HeapDump dump = HeapDump.ofThisJvm()) {
            Retention charts = dump.pathsTo(Chart.class.getName());
            Retention sessions = dump.pathsTo(ClientSession.class.getName());
            System.out.println("The charts: " + charts);
            System.out.println();
            System.out.println("The clients that left: " + sessions);

            assertThat(charts.retained()).isEqualTo(CLIENTS_PER_DUMP);
            assertThat(sessions.retained()).isEqualTo(CLIENTS_PER_DUMP);
            // Every chart is held the same way: a static field, the hub, its map, the map's entry for
            // the chart's query (Shark shows table -> node -> value as one hop, named by the key).
            assertThat(charts.groups())
                    .singleElement()
                    .extracting(PathGroup::shape)
                    .asString()
                    .endsWith("MarketData.SHARED -> MarketData.charts -> ConcurrentHashMap[x]");
            // Every client that left is held by its alert listener, an entry of a topic's set, itself
            // an entry of the registry's map.
            assertThat(sessions.groups())
                    .singleElement()
                    .extracting(PathGroup::shape)
                    .asString()
                    .endsWith(
                            "MarketData.SHARED -> MarketData.listeners -> ConcurrentHashMap[x]"
                                    + " -> ConcurrentHashMap$CollectionView.map -> ConcurrentHashMap[x] -> ClientSession$$Lambda.arg$1");
        }
    }
    // end::prove[]

    /** The workload: a client connects to a contract of its own, asks for its chart, sets an alert, gets a price, leaves. */
    static void serveOneClient(MarketData market) {
        int n = clients.incrementAndGet();
        ClientSession client = ClientSession.connect(
                market, String.format(Locale.ROOT, "client-%08d", n), String.format(Locale.ROOT, "OPT-%08d", n));
        Chart chart = client.requestChart(NOW.plusMillis(n));
        client.setAlert(chart.lastClose() * 1.05);
        market.publish(ClientSession.quotesTopic(client.contract()), chart.lastClose());
        client.disconnect();
    }
}
