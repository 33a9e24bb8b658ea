package leaklab.exercise.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.leaklab.leakcheck.Growth;
import io.github.leaklab.leakcheck.GrowthReport;
import io.github.leaklab.leakcheck.Metric;
import io.github.leaklab.leakcheck.heap.HeapDump;
import io.github.leaklab.leakcheck.heap.HeapDumpException;
import io.github.leaklab.leakcheck.heap.PathGroup;
import io.github.leaklab.leakcheck.heap.Retention;
import io.github.leaklab.leakcheck.heap.Sizes;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What "fixed" means for {@link RequestMetrics}. {@code ./lab verify map} runs these tests against
 * your code. Leave this file as it is: the fix belongs in RequestMetrics.java.
 */
class RequestMetricsTest {

    /** The service's registry, one per process, as a metrics library keeps it: reachable from a static field. */
    static RequestMetrics registry;

    private static final AtomicInteger users = new AtomicInteger();

    @AfterEach
    void dropTheRegistry() {
        registry = null;
    }

    @Test
    void requests_to_one_route_count_in_one_series() {
        RequestMetrics metrics = new RequestMetrics();
        for (int user = 1; user <= 500; user++) {
            metrics.record("GET", "/users/" + user + "/orders/" + (user * 7), 200);
            metrics.record("GET", "/users/" + user + "/orders/" + (user * 7) + "?fields=total", 200);
        }

        assertThat(metrics.count("GET", "/users/{id}/orders/{id}", 200))
                .as("requests to one route count in one series, under a route template such as"
                        + " /users/{id}/orders/{id}; the series are " + sample(metrics))
                .isEqualTo(1_000);
        assertThat(metrics.series()).as("series for one route and status").isEqualTo(1);
    }

    @Test
    void the_registry_stops_growing_however_many_users_call() throws HeapDumpException {
        registry = new RequestMetrics();
        for (int warmUp = 0; warmUp < 100; warmUp++) {
            oneRequestOfTheService(); // every route and status has its series now
        }
        Metric series = Metric.count("series", "series", registry::series);

        GrowthReport growth = Growth.of(series).measure(4, 2_500, RequestMetricsTest::oneRequestOfTheService);

        if (growth.perOp() > 0) {
            failWithWhereTheSeriesAre(growth);
        }
        assertThat(registry.series())
                .as("series for the service's handful of routes")
                .isLessThanOrEqualTo(10);
    }

    @Test
    void paths_no_template_knows_still_stop_at_the_series_limit() {
        RequestMetrics metrics = new RequestMetrics();
        int requests = 5 * RequestMetrics.MAX_SERIES;
        for (int i = 0; i < requests; i++) {
            // What scanners and broken clients send: a path of words, each new.
            metrics.record("GET", "/wp-admin/setup-" + Integer.toString(i, 36) + "x.php", 404);
        }

        assertThat(metrics.series())
                .as(
                        "series after %,d requests to paths no route template knows: a registry must stop somewhere"
                                + " (RequestMetrics.MAX_SERIES), and count the rest under RequestMetrics.OTHER_ROUTE",
                        requests)
                .isLessThanOrEqualTo(RequestMetrics.MAX_SERIES + 1); // the routes', and (other) for GET 404
        assertThat(metrics.snapshot().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .as("requests counted, in every series together: none may be lost")
                .isEqualTo(requests);
        assertThat(metrics.count("GET", RequestMetrics.OTHER_ROUTE, 404))
                .as("requests counted under OTHER_ROUTE")
                .isPositive();
    }

    /** What the service gets: a few routes, every user with an id of their own, some with a UUID. */
    private static void oneRequestOfTheService() {
        int user = users.incrementAndGet();
        switch (user % 4) {
            case 0 -> registry.record("GET", "/users/" + user, 200);
            case 1 -> registry.record("GET", "/users/" + user + "/orders", 200);
            case 2 -> registry.record("POST", "/users/" + user + "/orders", 201);
            default -> registry.record("GET", "/carts/" + new UUID(user, user * 31L), 404);
        }
    }

    /** Fails with what grows, how fast, and where it is held: Shark's path from the static field. */
    private static void failWithWhereTheSeriesAre(GrowthReport growth) throws HeapDumpException {
        try (HeapDump dump = HeapDump.ofThisJvm()) {
            Retention counters = dump.pathsTo(LongAdder.class.getName());
            PathGroup held = counters.groups().stream()
                    .filter(group -> group.shape().contains("RequestMetrics"))
                    .findFirst()
                    .orElse(null);
            fail(String.format(
                    Locale.ROOT,
                    "The map RequestMetrics.counters gains a series for every user: %s."
                            + "%nEvery one is a LongAdder the registry keeps for the life of the process, and a series"
                            + " the monitoring system stores too.%nHeld along: %s%nretaining %s for %,d series.%n"
                            + "Look at the tag values that make a series: how many different ones can the service see?",
                    growth,
                    held == null ? "(no path found)" : held.shape(),
                    Sizes.format(held == null ? 0 : held.retainedBytes()),
                    held == null ? 0 : held.count()));
        }
    }

    private static String sample(RequestMetrics metrics) {
        return metrics.series() + " of them, e.g. "
                + metrics.snapshot().keySet().stream().limit(3).toList();
    }
}
