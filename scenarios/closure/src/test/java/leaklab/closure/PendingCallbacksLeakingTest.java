package leaklab.closure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.leaklab.leakcheck.Growth;
import io.github.leaklab.leakcheck.GrowthReport;
import io.github.leaklab.leakcheck.HeapRetention;
import io.github.leaklab.leakcheck.Metric;
import io.github.leaklab.leakcheck.ObjectWatcher;
import io.github.leaklab.leakcheck.RetentionReport;
import io.github.leaklab.leakcheck.heap.Sizes;
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
 * The captured-closure leak, proved. Each test opens {@value #REPORTS} reports, each from an upload
 * of {@value #UPLOAD_BYTES} bytes, on a server of its own; then it shows what the rate feed's
 * callbacks hold:
 * <ol>
 *   <li>a report closed by its client leaves its callback on the feed;</li>
 *   <li>every pending callback, even one whose client is still looking, keeps its whole request
 *       alive, upload included, where all it reads is two short strings: the test prints the bytes
 *       retained per report and the path from the feed's thread, through the lambda's {@code arg$1};</li>
 *   <li>the callback's class has a single field, the request itself: what the compiler and
 *       {@code LambdaMetafactory} made of {@code change -> tellOutOfDate(change)};</li>
 *   <li>the callbacks still work, and keep telling clients who left.</li>
 * </ol>
 * These tests pass <em>because</em> it leaks. The fixed twin ({@code fixes/closure},
 * {@code PendingCallbacksFixedTest}) runs the same workload and proves the uploads collected.
 *
 * <p>No rate changes during a test unless the test publishes one, so the figures are exact.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PendingCallbacksLeakingTest {

    static final int REPORTS = 100;
    static final int ROUNDS = 4;
    static final int UPLOAD_BYTES = 64 * 1024;

    private static final AtomicInteger clients = new AtomicInteger();

    // tag::prove[]
    @Test
    @Order(1)
    void every_closed_report_leaves_its_callback_on_the_rate_feed() {
        try (ReportServer server = new ReportServer(nobody())) {
            Metric callbacks = Metric.count("callbacks on the rate feed", "callback", server::pendingCallbacks);
            GrowthReport pending = Growth.of(callbacks).measure(ROUNDS, REPORTS / ROUNDS, () -> openAndClose(server));
            System.out.println("Callbacks left on the rate feed per report opened and closed: " + pending);

            assertThat(server.viewing()).isZero();
            assertThat(server.pendingCallbacks()).isEqualTo(REPORTS);
        }
    }

    @Test
    @Order(2)
    void every_pending_callback_keeps_its_whole_request_and_upload_alive() {
        try (ReportServer server = new ReportServer(nobody())) {
            ObjectWatcher watcher = new ObjectWatcher();
            List<ReportView> stillViewing = new ArrayList<>();
            // What the rate feed's callbacks retain, measured on a heap dump after each round.
            Metric retained = Metric.bytes(
                    "retained by the rate feed's callbacks",
                    () -> HeapRetention.retainedBytes(server.rates().callbacks()));
            GrowthReport perReport = Growth.of(retained)
                    .measure(ROUNDS, REPORTS / ROUNDS, () -> stillViewing.add(openAndWatchTheUpload(server, watcher)));
            System.out.println("Retained by the rate feed's callbacks, per report: " + perReport);

            // What one callback reads when it runs: the client's id and the report's.
            String clientId = "client-" + clients.incrementAndGet();
            ReportView one = server.open(clientId, Upload.ofSales(clientId + ".csv", UPLOAD_BYTES));
            long needed = HeapRetention.retainedBytes(List.of(clientId, one.reportId()));
            System.out.println("What a callback needs, its two strings (the client's id and the report's): "
                    + Sizes.format(needed) + "\n");

            // No GC can free what the feed's live thread still reaches: skip the polling, go to the heap dump.
            RetentionReport uploads = watcher.leaksNow();
            System.out.println("Uploads still reachable while their clients look at the reports: " + uploads);

            assertThat(uploads.retainedCount()).isEqualTo(REPORTS);
            assertThat(uploads.retainedBytes()).isGreaterThanOrEqualTo((long) REPORTS * UPLOAD_BYTES);
            // One path shape for all: the feed's callbacks, a lambda, its captured request, the upload.
            assertThat(uploads.countByPath()).hasSize(1).allSatisfy((path, held) -> {
                // From the feed's thread (Thread.target on JDK 17; Thread.holder -> FieldHolder.task on JDK 25).
                assertThat(path)
                        .contains("RateFeed$$Lambda.arg$1 -> RateFeed.callbacks -> ")
                        .endsWith(" -> ReportRequest$$Lambda.arg$1 -> ReportRequest.upload");
                assertThat(held).isEqualTo(REPORTS);
            });
            assertThat(perReport.perOp()).isGreaterThanOrEqualTo(UPLOAD_BYTES);
            assertThat(needed).isLessThan(UPLOAD_BYTES / 100);
            assertThat(stillViewing).allMatch(ReportView::isOpen);
        }
    }

    @Test
    @Order(3)
    void the_callback_class_has_one_field_the_whole_request() {
        try (ReportServer server = new ReportServer(nobody())) {
            server.open("client-" + clients.incrementAndGet(), Upload.ofSales("one.csv", UPLOAD_BYTES));
            Consumer<RateChange> callback = server.rates().callbacks().get(0);

            String javap = GeneratedClasses.javap(ReportRequest.class);
            System.out.println("$ javap -p " + ReportRequest.class.getName() + "   # the build's class file, Java "
                    + GeneratedClasses.classFileRelease(ReportRequest.class) + "\n" + javap);
            System.out.println("The callback's class, defined at run time by LambdaMetafactory (a hidden class,\n"
                    + "no class file): its declared fields, as javap -p would list them\n"
                    + GeneratedClasses.declaredFields(callback.getClass()));

            // The lambda's body became an instance method: it needs `this`, so the lambda captures it.
            assertThat(GeneratedClasses.lambdaBodies(javap))
                    .singleElement()
                    .asString()
                    .startsWith("private void lambda$subscribeToRates$");
            assertThat(callback.getClass().isHidden()).isTrue();
            assertThat(GeneratedClasses.capturedTypes(callback.getClass())).containsExactly(ReportRequest.class);
        }
    }

    @Test
    @Order(4)
    void a_rate_change_is_still_told_to_every_client_even_those_who_left() {
        Map<String, List<String>> told = new ConcurrentHashMap<>();
        try (ReportServer server = new ReportServer((client, message) ->
                told.computeIfAbsent(client, c -> new CopyOnWriteArrayList<>()).add(message))) {
            List<String> left = new ArrayList<>();
            List<String> viewing = new ArrayList<>();
            for (int i = 0; i < REPORTS; i++) {
                String client = "client-" + clients.incrementAndGet();
                ReportView view = server.open(client, Upload.ofSales(client + ".csv", UPLOAD_BYTES));
                if (i % 2 == 0) {
                    view.close();
                    left.add(client);
                } else {
                    viewing.add(client);
                }
            }
            server.rates().publish(server.rates().current().next(0.95));
            await().atMost(Duration.ofSeconds(30)).until(() -> server.rates().updatesDelivered() == 1);
            System.out.println("Clients told of the rate change: " + told.size() + " (" + viewing.size()
                    + " still looking at their report, " + left.size() + " gone)");

            assertThat(told).containsOnlyKeys(union(viewing, left));
            assertThat(told.values())
                    .allSatisfy(
                            messages -> assertThat(messages)
                                    .singleElement()
                                    .asString()
                                    .matches(
                                            "report-\\d+ is out of date: the exchange rate changed \\(version 1\\); reload it"));
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

    private static List<String> union(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
