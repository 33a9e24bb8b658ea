package leaklab.map;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import leaklab.demo.DemoOptions;
import leaklab.demo.Gauge;
import leaklab.demo.LiveDemo;

/**
 * The market-data hub under load, live. Clients connect at {@code --rate} a second, each to a
 * contract of its own; each asks for its chart, sets a price alert, gets a price, and leaves about a
 * second later, so the number of connected clients stays flat. Watch the hub's figures: the charts
 * it caches, the topics it knows and the listeners it holds should follow the clients connected
 * now, or stop at the cache's bound; if they follow the clients ever served, the maps only grow.
 *
 * <p>Run it from the project root (the fixed twin: {@code ./run-demo fixes/map}):
 * <pre>
 * ./run-demo scenarios/map --duration 30s --rate 100
 * </pre>
 */
public final class MarketDataDemo {

    private MarketDataDemo() {}

    public static void main(String[] args) {
        LiveDemo demo = new LiveDemo(
                        "MarketDataDemo", "clients served per second, each connected for about a second", "client")
                .ask("GC.class_histogram", "how many leaklab.map.Chart and ConcurrentHashMap$Node objects are there?");
        DemoOptions options = demo.parseOrExit(args);

        MarketData market = MarketData.shared();
        AtomicLong served = new AtomicLong();
        Deque<ClientSession> connected = new ArrayDeque<>();
        Gauge gauge = Gauge.ofThisJvm()
                .count("charts", "cachedCharts", market::cachedCharts)
                .count("topics", "topics", market::topics)
                .count("listeners", "listeners", market::listeners)
                .count("connected", "connectedClients", connected::size)
                .total("served", "clientsServed", served::get);

        demo.run(options, gauge, () -> {
            long n = served.incrementAndGet();
            ClientSession client = ClientSession.connect(
                    market, String.format(Locale.ROOT, "client-%08d", n), String.format(Locale.ROOT, "OPT-%08d", n));
            Chart chart = client.requestChart(Instant.now());
            client.setAlert(chart.lastClose() * 1.05);
            market.publish(ClientSession.quotesTopic(client.contract()), chart.lastClose());
            connected.addLast(client);
            // The client that connected a second ago leaves.
            if (connected.size() > options.rate()) {
                connected.removeFirst().disconnect();
            }
        });
    }
}
