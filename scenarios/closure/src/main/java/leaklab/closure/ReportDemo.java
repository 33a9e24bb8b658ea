package leaklab.closure;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import leaklab.demo.DemoOptions;
import leaklab.demo.Gauge;
import leaklab.demo.LiveDemo;

/**
 * The report server under load, live. Clients upload a 64 KiB data set at {@code --rate} a
 * second, look at their report for about a second, and leave, so the number of open reports stays
 * flat; the exchange rate changes once a second. Watch the other figures: the rate feed's callbacks
 * should follow the open reports, and the heap after a GC should stay level; if the callbacks follow
 * the reports ever opened, and the heap grows by about an upload per report, the callbacks keep
 * whole requests alive.
 *
 * <p>Run it from the project root (the fixed twin: {@code ./run-demo fixes/closure}):
 * <pre>
 * ./run-demo scenarios/closure --duration 30s --rate 50
 * </pre>
 */
public final class ReportDemo {

    /** The size of each client's upload. */
    static final int UPLOAD_BYTES = 64 * 1024;

    private ReportDemo() {}

    /** A client looking at its report. */
    private record Visit(String clientId, ReportView view) {}

    public static void main(String[] args) {
        LiveDemo demo = new LiveDemo("ReportDemo", "reports opened per second, each open for about a second", "report")
                .ask(
                        "GC.class_histogram",
                        "how many leaklab.closure.Upload objects are there, and how many bytes of [B?");
        DemoOptions options = demo.parseOrExit(args);

        // What the clients are told, and whether they were still there to hear it.
        Set<String> viewingClients = ConcurrentHashMap.newKeySet();
        AtomicLong notices = new AtomicLong();
        AtomicLong noticesToClientsGone = new AtomicLong();
        Notifier push = (clientId, message) ->
                (viewingClients.contains(clientId) ? notices : noticesToClientsGone).incrementAndGet();

        try (ReportServer server = new ReportServer(push)) {
            AtomicLong opened = new AtomicLong();
            Deque<Visit> visits = new ArrayDeque<>();
            Gauge gauge = Gauge.ofThisJvm()
                    .count("viewing", "viewing", server::viewing)
                    .count("callbacks", "pendingCallbacks", server::pendingCallbacks)
                    .total("notices", "notices", notices::get)
                    .total("to gone", "noticesToClientsGone", noticesToClientsGone::get);

            demo.run(options, gauge, () -> {
                long n = opened.incrementAndGet();
                String clientId = "client-" + n;
                viewingClients.add(clientId);
                Upload upload = Upload.ofSales("sales-" + n + ".csv", UPLOAD_BYTES);
                visits.addLast(new Visit(clientId, server.open(clientId, upload)));
                // The client that opened its report a second ago leaves.
                if (visits.size() > options.rate()) {
                    Visit leaving = visits.removeFirst();
                    leaving.view().close();
                    viewingClients.remove(leaving.clientId());
                }
                // Once a second, the rate changes.
                if (n % options.rate() == 0) {
                    RateChange now = server.rates().current();
                    server.rates().publish(now.next(0.90 + 0.01 * ((now.version() + 1) % 5)));
                }
            });
        }
    }
}
