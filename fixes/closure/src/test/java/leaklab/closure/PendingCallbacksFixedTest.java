package leaklab.closure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.leaklab.leakcheck.Growth;
import io.github.leaklab.leakcheck.GrowthReport;
import io.github.leaklab.leakcheck.HeapRetention;
import io.github.leaklab.leakcheck.Metric;
import io.github.leaklab.leakcheck.ObjectWatcher;
import io.github.leaklab.leakcheck.RetentionReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The captured-closure leak, fixed. The workload of the leaking twin ({@code scenarios/closure},
 * {@code PendingCallbacksLeakingTest}): {@value #REPORTS} reports, each from an upload of
 * {@value #UPLOAD_BYTES} bytes, on a server of its own. Now:
 * <ol>
 *   <li>closing a report cancels its subscription: the feed holds no callback for it;</li>
 *   <li>a pending callback, whose client still looks at the report, holds a few bytes, and every
 *       upload is collected as soon as its report is rendered;</li>
 *   <li>the callback's class has the three fields it reads, none of them the request;</li>
 *   <li>and it still does its job: a rate change reaches every client still looking, and nobody
 *       who left.</li>
 * </ol>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PendingCallbacksFixedTest {

    static final int REPORTS = 100;
    static final int ROUNDS = 4;
    static final int UPLOAD_BYTES = 64 * 1024;

    private static final AtomicInteger clients = new AtomicInteger();

    // tag::prove[]
    @Test
    @Order(1)
    void a_closed_report_leaves_no_callback_on_the_rate_feed() {
        try (ReportServer server = new ReportServer(nobody())) {
            Metric callbacks = Metric.count("callbacks on the rate feed", "callback", server::pendingCallbacks);
            GrowthReport pending = Growth.of(callbacks).measure(ROUNDS, REPORTS / ROUNDS, () -> openAndClose(server));
            System.out.println("Callbacks left on the rate feed per report opened and closed: " + pending);

            assertThat(server.viewing()).isZero();
            assertThat(server.pendingCallbacks()).isZero();
        }
    }

    @Test
    @Order(2)
    void a_pending_callback_holds_a_few_bytes_and_every_upload_is_collected() {
        try (ReportServer server = new ReportServer(nobody())) {
            ObjectWatcher watcher = new ObjectWatcher();
            List<ReportView> stillViewing = new ArrayList<>();
            Metric retained = Metric.bytes(
                    "retained by the rate feed's callbacks",
                    () -> HeapRetention.retainedBytes(server.rates().callbacks()));
            GrowthReport perReport = Growth.of(retained)
                    .measure(ROUNDS, REPORTS / ROUNDS, () -> stillViewing.add(openAndWatchTheUpload(server, watcher)));
            System.out.println("Retained by the rate feed's callbacks, per report: " + perReport + "\n");

            RetentionReport uploads = watcher.leaks();
            System.out.println("Uploads still reachable while their clients look at the reports: " + uploads);

            uploads.assertNoLeak();
            assertThat(uploads.collectedCount()).isEqualTo(REPORTS);
            // Every callback is still there, and all of them together hold less than one upload.
            assertThat(server.pendingCallbacks()).isEqualTo(REPORTS);
            assertThat(perReport.total()).isLessThan(UPLOAD_BYTES);
            assertThat(stillViewing).allMatch(ReportView::isOpen);
        }
    }

    @Test
    @Order(3)
    void the_callback_class_has_the_three_fields_it_reads_and_not_the_request() {
        try (ReportServer server = new ReportServer(nobody())) {
            server.open("client-" + clients.incrementAndGet(), Upload.ofSales("one.csv", UPLOAD_BYTES));
            Consumer<RateChange> callback = server.rates().callbacks().get(0);

            String javap = GeneratedClasses.javap(ReportRequest.class);
            System.out.println("$ javap -p " + ReportRequest.class.getName() + "   # the build's class file, Java "
                    + GeneratedClasses.classFileRelease(ReportRequest.class) + "\n" + javap);
            System.out.println("The callback's class, defined at run time by LambdaMetafactory (a hidden class,\n"
                    + "no class file): its declared fields, as javap -p would list them\n"
                    + GeneratedClasses.declaredFields(callback.getClass()));

            // The lambda's body became a static method: it is given what it reads, and no `this`.
            assertThat(GeneratedClasses.lambdaBodies(javap))
                    .singleElement()
                    .asString()
                    .startsWith("private static void lambda$subscribeToRates$");
            assertThat(callback.getClass().isHidden()).isTrue();
            assertThat(GeneratedClasses.capturedTypes(callback.getClass()))
                    .containsExactlyInAnyOrder(Notifier.class, String.class, String.class)
                    .doesNotContain(ReportRequest.class, Upload.class);
        }
    }

    @Test
    @Order(4)
    void a_rate_change_is_told_to_every_client_still_looking_and_to_nobody_who_left() {
        Map<String, List<String>> told = new ConcurrentHashMap<>();
        try (ReportServer server = new ReportServer((client, message) ->
                told.computeIfAbsent(client, c -> new CopyOnWriteArrayList<>()).add(message))) {
            List<String> left = new ArrayList<>();
            Map<String, String> viewing = new ConcurrentHashMap<>(); // client -> its report
            for (int i = 0; i < REPORTS; i++) {
                String client = "client-" + clients.incrementAndGet();
                ReportView view = server.open(client, Upload.ofSales(client + ".csv", UPLOAD_BYTES));
                if (i % 2 == 0) {
                    view.close();
                    left.add(client);
                } else {
                    viewing.put(client, view.reportId());
                }
            }
            server.rates().publish(server.rates().current().next(0.95));
            await().atMost(Duration.ofSeconds(30)).until(() -> server.rates().updatesDelivered() == 1);
            System.out.println("Clients told of the rate change: " + told.size() + " (" + viewing.size()
                    + " still looking at their report, " + left.size() + " gone)");

            assertThat(told).containsOnlyKeys(viewing.keySet());
            viewing.forEach((client, report) -> assertThat(told.get(client))
                    .containsExactly(report + " is out of date: the exchange rate changed (version 1); reload it"));
        }
    }
    // end::prove[]

    /** The workload: a client uploads its sales, opens the report, and leaves. */
    private static void openAndClose(ReportServer server) {
        String client = "client-" + clients.incrementAndGet();
        server.open(client, Upload.ofSales(client + ".csv", UPLOAD_BYTES)).close();
    }

    /** A client opens a report and stays; the upload is watched, and no reference to it survives this method. */
    private static ReportView openAndWatchTheUpload(ReportServer server, ObjectWatcher watcher) {
        String client = "client-" + clients.incrementAndGet();
        Upload upload = Upload.ofSales(client + ".csv", UPLOAD_BYTES);
        ReportView view = server.open(client, upload);
        watcher.watch(upload, "the upload of " + view.reportId());
        return view;
    }

    /** A notifier for tests that do not look at the notices. */
    private static Notifier nobody() {
        return (client, message) -> {};
    }
}
