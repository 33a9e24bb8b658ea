package leaklab.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.github.leaklab.leakcheck.FileDescriptors;
import io.github.leaklab.leakcheck.FileReport;
import io.github.leaklab.leakcheck.FileSnapshot;
import io.github.leaklab.leakcheck.Growth;
import io.github.leaklab.leakcheck.GrowthReport;
import io.github.leaklab.leakcheck.Metric;
import io.github.leaklab.leakcheck.OpenDescriptor;
import io.github.leaklab.leakcheck.Verdict;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The error-path leak, fixed. The workloads of the leaking twin ({@code scenarios/resource},
 * {@code ErrorPathLeakingTest}), on an upstream and a relay of each test's own. Now every path
 * closes the response body, and the error paths read it to its end first, so:
 * <ol>
 *   <li>no failed request leaves a socket behind: the relay holds one connection, whatever the
 *       number of errors;</li>
 *   <li>the upstream serves every request on that one connection;</li>
 *   <li>a relay dropped without {@code close()} is collected, and its client closes the connection
 *       after a GC; closed, it closes it at once where the JDK's client can be shut down (JDK 21 and
 *       later);</li>
 *   <li>every request is still answered correctly.</li>
 * </ol>
 * The last test shows why the fix reads an error body before closing it: closed unread, the socket
 * is freed, but its connection with it, and every error costs a new one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ErrorPathFixedTest {

    static final int FAILED = 100;
    static final int ROUNDS = 4;
    static final int REQUESTS = 100;
    /** The limit of open files of the JVM that {@link #runUnderALowLimit} starts. */
    static final int LOW_LIMIT = 64;
    /** Every request fails: 429, 500, 429... each with the upstream's 32 KiB error page. */
    static final Upstream.Settings EVERY_REQUEST_FAILS =
            Upstream.Settings.defaults().withFailEvery(1);
    /** One request in four fails, as in the live demo. */
    static final Upstream.Settings ONE_IN_FOUR_FAILS =
            Upstream.Settings.defaults().withFailEvery(4);

    @BeforeAll
    static void socketsCanBeListed() {
        assumeThat(OpenSockets.listable())
                .as("this system lists sockets in /proc (Linux)")
                .isTrue();
    }

    // tag::prove[]
    @Test
    @Order(1)
    void no_failed_request_leaves_a_socket_behind() {
        try (Upstream upstream = Upstream.start(EVERY_REQUEST_FAILS);
                Relay relay = new Relay(upstream.uri())) {
            FileSnapshot before = FileDescriptors.snapshot();
            Metric toUpstream = Metric.count(
                    "sockets open to the upstream",
                    "socket",
                    () -> OpenSockets.connectedTo(upstream.port()).size());
            GrowthReport sockets = Growth.of(toUpstream)
                    .measure(
                            ROUNDS,
                            FAILED / ROUNDS,
                            () -> assertThat(forward(relay)).isIn(429, 502));
            System.out.println("Sockets left open to the upstream per failed request: " + sockets);

            FileReport openNow = before.leaksNow();
            System.out.println("Descriptors the " + FAILED + " failed requests left open: " + openNow);

            // The one connection the client keeps in its pool for the next request, and the upstream's end of it.
            assertThat(OpenSockets.connectedTo(upstream.port())).hasSize(1);
            assertThat(OpenSockets.acceptedAt(upstream.port())).hasSize(1);
            assertThat(openNow.leaked())
                    .hasSize(2)
                    .allSatisfy(descriptor -> assertThat(descriptor.target()).startsWith("socket:["));
        }
    }

    @Test
    @Order(2)
    void every_failed_request_reuses_the_one_connection() {
        try (Upstream upstream = Upstream.start(EVERY_REQUEST_FAILS);
                Relay relay = new Relay(upstream.uri())) {
            Metric connections =
                    Metric.count("connections the upstream has served", "connection", upstream::connectionsSeen);
            GrowthReport seen =
                    Growth.of(connections).measure(ROUNDS, FAILED / ROUNDS, () -> relay.forward("/quotes/ACME"));
            System.out.println("New connections the upstream sees per failed request: " + seen);

            assertThat(upstream.requests()).isEqualTo(FAILED);
            assertThat(upstream.connectionsSeen()).isEqualTo(1);
        }
    }

    @Test
    @Order(3)
    void a_dropped_relay_is_collected_and_its_client_closes_its_connection_after_a_gc() {
        try (Upstream upstream = Upstream.start(EVERY_REQUEST_FAILS)) {
            FileSnapshot before = FileDescriptors.snapshot();
            failAndDropTheRelay(upstream, 3);

            // Nothing holds the relay's client now: a GC collects it, and its selector thread, left
            // with no client and no exchange, closes the connection and its own selector, then ends.
            FileReport afterGc = before.leaks(Duration.ofSeconds(30));
            System.out.println("After garbage collections, with the relay dropped: " + afterGc);

            assertThat(afterGc.verdict()).isEqualTo(Verdict.UNTIL_GC);
            assertThat(afterGc.closedByGc())
                    .extracting(OpenDescriptor::target)
                    .filteredOn(t -> t.startsWith("socket:"))
                    .hasSize(2);
            assertThat(OpenSockets.connectedTo(upstream.port())).isEmpty();
        }
    }

    @Test
    @Order(4)
    void closing_the_relay_closes_its_connection_at_once_from_jdk_21() {
        try (Upstream upstream = Upstream.start(EVERY_REQUEST_FAILS)) {
            Relay relay = new Relay(upstream.uri());
            for (int i = 0; i < 3; i++) {
                relay.forward("/quotes/ACME");
            }
            relay.close();

            int feature = Runtime.version().feature();
            if (feature >= 21) {
                // shutdownNow() closes every connection, on the client's own thread: wait for that.
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> OpenSockets.connectedTo(upstream.port()).isEmpty());
            }
            List<OpenSockets.Socket> open = OpenSockets.connectedTo(upstream.port());
            System.out.println("JDK " + feature + ": after Relay.close(), sockets open to the upstream: " + open.size()
                    + ". "
                    + (feature >= 21
                            ? "HttpClient.shutdownNow() closed the pooled connection."
                            : "Before JDK 21 an HttpClient cannot be closed: its pooled connection stays open until"
                                    + " the client is garbage collected (see the test before)."));

            assertThat(open).hasSize(feature >= 21 ? 0 : 1);
        }
    }

    @Test
    @Order(5)
    void the_fixed_relay_answers_every_request_correctly_on_one_connection() {
        try (Upstream upstream = Upstream.start(ONE_IN_FOUR_FAILS);
                Relay relay = new Relay(upstream.uri())) {
            Map<Integer, Integer> replies = new TreeMap<>();
            for (int n = 1; n <= REQUESTS; n++) {
                Reply reply = relay.forward("/quotes/ACME");
                assertThat(reply.status()).as("reply %d", n).isEqualTo(expectedStatus(n));
                replies.merge(reply.status(), 1, Integer::sum);
            }
            int failed = REQUESTS / 4;
            System.out.println(REQUESTS + " requests, " + failed + " of them failed by the upstream."
                    + " Replies by status: "
                    + replies + "; sockets open to the upstream: "
                    + OpenSockets.connectedTo(upstream.port()).size()
                    + "; connections the upstream served: " + upstream.connectionsSeen());

            assertThat(OpenSockets.connectedTo(upstream.port())).hasSize(1);
            assertThat(upstream.connectionsSeen()).isEqualTo(1);
        }
    }

    @Test
    @Order(6)
    void closing_an_error_body_unread_frees_its_socket_but_costs_a_new_connection_per_error()
            throws IOException, InterruptedException {
        try (Upstream upstream = Upstream.start(EVERY_REQUEST_FAILS)) {
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(upstream.uri().resolve("/quotes/ACME"))
                    .build();
            for (int i = 0; i < 20; i++) {
                HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    assertThat(response.statusCode()).isIn(429, 500); // closed at once, not read
                }
            }
            // Closing an unread body closes its connection, on the client's own thread: wait for that.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> OpenSockets.connectedTo(upstream.port()).isEmpty());
            System.out.println("20 error bodies closed unread: sockets open to the upstream: "
                    + OpenSockets.connectedTo(upstream.port()).size() + "; connections the upstream served: "
                    + upstream.connectionsSeen());

            assertThat(upstream.connectionsSeen()).isEqualTo(20);
        }
    }

    @Test
    @Order(7)
    void under_the_same_limit_the_fixed_relay_answers_every_request() throws Exception {
        try (Upstream upstream = Upstream.start(ONE_IN_FOUR_FAILS)) {
            String relay = runUnderALowLimit(upstream, 1000);
            System.out.println("The relay in a JVM of its own, under ulimit -n " + LOW_LIMIT
                    + ", one request in four failed by the upstream:\n" + relay.strip());

            assertThat(relay)
                    .doesNotContain(RelayUnderALimit.OUT_OF_DESCRIPTORS)
                    .contains("Replies by status: {200=750, 429=125, 502=125}");
            assertThat(upstream.connectionsSeen()).isEqualTo(1);
        }
    }
    // end::prove[]

    /**
     * Runs {@link RelayUnderALimit} in a JVM of its own whose limit of open files is
     * {@value #LOW_LIMIT} ({@code ulimit -n}), against {@code upstream}, which stays in this JVM:
     * the child's descriptors are the relay's alone. Returns what it printed.
     */
    static String runUnderALowLimit(Upstream upstream, int requests) throws Exception {
        String classpath = Path.of(Relay.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                + File.pathSeparator
                + Path.of(RelayUnderALimit.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI());
        List<String> command = List.of(
                "/bin/sh",
                "-c",
                "ulimit -n " + LOW_LIMIT + " && exec \"$@\"",
                "sh",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-cp",
                classpath,
                RelayUnderALimit.class.getName(),
                upstream.uri().toString(),
                Integer.toString(requests));
        Path output = Files.createTempFile("relay-under-a-limit", ".txt");
        try {
            Process relay = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!relay.waitFor(2, TimeUnit.MINUTES)) {
                relay.destroyForcibly();
                throw new AssertionError("the relay under a limit of " + LOW_LIMIT + " files did not end within"
                        + " 2 minutes; it printed:\n" + Files.readString(output));
            }
            return Files.readString(output);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The status of the relay's reply to one request. */
    private static int forward(Relay relay) {
        return relay.forward("/quotes/ACME").status();
    }

    /** What the relay answers the n-th request, one in four failing: 429, then 500 passed on as 502, and so on. */
    static int expectedStatus(int n) {
        return n % 4 != 0 ? 200 : (n / 4) % 2 == 1 ? 429 : 502;
    }

    /** Sends {@code requests} failing requests through a relay that is then dropped, not closed. */
    private static void failAndDropTheRelay(Upstream upstream, int requests) {
        Relay relay = new Relay(upstream.uri());
        for (int i = 0; i < requests; i++) {
            assertThat(relay.forward("/quotes/ACME").status()).isIn(429, 502);
        }
    }
}
