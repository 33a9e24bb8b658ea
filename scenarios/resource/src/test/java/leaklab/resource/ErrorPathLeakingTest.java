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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.HttpURLConnection;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The error-path leak, proved. Each test starts an upstream of its own on the loopback interface
 * and a relay in front of it, sends requests one after the other, and counts what they left open:
 * <ol>
 *   <li>every failed request leaves a socket open to the upstream, and the upstream's end of it: two
 *       descriptors in this JVM, since both ends run here;</li>
 *   <li>every failed request costs the upstream a new connection: the next request cannot reuse the
 *       one whose body nobody read;</li>
 *   <li>no garbage collection closes them, nor does dropping the relay: the client's selector thread
 *       still holds each one, and when the upstream hangs up the relay's end stays, in
 *       {@code CLOSE_WAIT};</li>
 *   <li>closing the relay frees them only where the JDK's client can be shut down (JDK 21 and
 *       later);</li>
 *   <li>and the relay answers every request correctly all along: no functional test sees it.</li>
 * </ol>
 * These tests pass <em>because</em> it leaks. The fixed twin ({@code fixes/resource},
 * {@code ErrorPathFixedTest}) runs the same workloads and proves the sockets closed and the one
 * connection reused. The upstream's error page is larger than the JDK client's read buffer, so every
 * failed request leaks, on any machine (see {@code Upstream.Settings}).
 *
 * <p>Bounded: on JDK 17 nothing can close what the relay leaked (see the fourth test), so the
 * leaked sockets stay open until this test JVM ends, {@value #FAILED} or so per test, far below
 * any process's limit. The upstream's ends close with each test's upstream.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ErrorPathLeakingTest {

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
    void every_failed_request_leaves_a_socket_open_to_the_upstream() {
        try (Upstream upstream = Upstream.start(EVERY_REQUEST_FAILS);
                Relay relay = new Relay(upstream.uri())) {
            FileSnapshot before = FileDescriptors.snapshot();
            // By identity: the sockets of this process whose other end is the upstream's port.
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

            // Every descriptor the requests opened and that is open now, without a GC: all sockets.
            FileReport openNow = before.leaksNow();
            System.out.println("Descriptors the " + FAILED + " failed requests left open: " + openNow);
            List<OpenSockets.Socket> relayEnds = OpenSockets.connectedTo(upstream.port());
            List<OpenSockets.Socket> upstreamEnds = OpenSockets.acceptedAt(upstream.port());
            System.out.println("Their two ends, by state: the relay's " + byState(relayEnds) + ", the upstream's "
                    + byState(upstreamEnds));

            assertThat(relayEnds).hasSize(FAILED);
            assertThat(upstreamEnds).hasSize(FAILED);
            assertThat(openNow.leaked())
                    .hasSize(2 * FAILED)
                    .allSatisfy(descriptor -> assertThat(descriptor.target()).startsWith("socket:["));
            assertThat(fds(openNow.leaked())).containsAll(socketFds(relayEnds)).containsAll(socketFds(upstreamEnds));
        }
    }

    @Test
    @Order(2)
    void every_failed_request_costs_the_upstream_a_new_connection() {
        try (Upstream upstream = Upstream.start(EVERY_REQUEST_FAILS);
                Relay relay = new Relay(upstream.uri())) {
            Metric connections =
                    Metric.count("connections the upstream has served", "connection", upstream::connectionsSeen);
            GrowthReport seen =
                    Growth.of(connections).measure(ROUNDS, FAILED / ROUNDS, () -> relay.forward("/quotes/ACME"));
            System.out.println("New connections the upstream sees per failed request: " + seen);

            assertThat(upstream.requests()).isEqualTo(FAILED);
            assertThat(upstream.connectionsSeen()).isEqualTo(FAILED);
        }
    }

    @Test
    @Order(3)
    void no_gc_closes_them_and_once_the_upstream_hangs_up_they_wait_in_close_wait() {
        Upstream upstream = Upstream.start(EVERY_REQUEST_FAILS);
        FileSnapshot before = FileDescriptors.snapshot();
        failAndDropTheRelay(upstream, 3);

        // Garbage collections, then, for whatever is still open, the path from a GC root (a heap dump).
        FileReport afterGc = before.leaks(Duration.ofSeconds(5));
        System.out.println("After garbage collections, with the relay dropped: " + afterGc);
        assertThat(afterGc.verdict()).isEqualTo(Verdict.LEAK);
        assertThat(afterGc.closedByGc()).isEmpty();
        // Both ends of each connection, and the dropped client's own selector: an epoll and its eventfd.
        assertThat(sockets(afterGc.leaked())).hasSize(2 * 3);
        assertThat(afterGc.leaked())
                .filteredOn(descriptor -> !descriptor.target().startsWith("socket:"))
                .extracting(OpenDescriptor::target)
                .containsExactlyInAnyOrder("anon_inode:[eventpoll]", "anon_inode:[eventfd]");

        // The upstream closes its ends; the relay's ends, which nobody reads, stay open.
        int port = upstream.port();
        upstream.close();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> OpenSockets.connectedTo(port).stream()
                                .filter(socket -> socket.state().equals("CLOSE_WAIT"))
                                .count()
                        == 3);
        List<OpenSockets.Socket> relayEnds = OpenSockets.connectedTo(port);
        System.out.println("Once the upstream has hung up, the relay's ends: " + relayEnds);
        assertThat(sockets(before.leaksNow().leaked())).hasSize(3);
        assertThat(relayEnds)
                .hasSize(3)
                .allSatisfy(socket -> assertThat(socket.state()).isEqualTo("CLOSE_WAIT"));
    }

    @Test
    @Order(4)
    void closing_the_relay_frees_them_only_from_jdk_21_which_can_shut_its_client_down() throws Throwable {
        try (Upstream upstream = Upstream.start(EVERY_REQUEST_FAILS)) {
            FileSnapshot before = FileDescriptors.snapshot();
            Relay relay = new Relay(upstream.uri());
            for (int i = 0; i < 3; i++) {
                relay.forward("/quotes/ACME");
            }
            List<OpenSockets.Socket> leaked = OpenSockets.connectedTo(upstream.port());
            relay.close();

            // What closing the relay did to the relay's three sockets, on this JDK.
            FileReport afterClose = before.leaks(Duration.ofSeconds(5));
            Set<Integer> stillOpen = fds(afterClose.leaked());
            long relayEndsOpen = leaked.stream()
                    .filter(socket -> stillOpen.contains(socket.fd()))
                    .count();
            int feature = Runtime.version().feature();
            System.out.println("JDK " + feature + ": after Relay.close(), " + relayEndsOpen + " of the relay's "
                    + leaked.size() + " leaked sockets are still open. "
                    + (feature >= 21
                            ? "HttpClient.shutdownNow() closed them, aborting the exchanges whose bodies were abandoned;"
                                    + " HttpClient.close() would have waited for those exchanges, for ever."
                            : "Before JDK 21 an HttpClient can be neither closed nor shut down, and it is never collected"
                                    + " while an exchange is open: they stay open until the process ends."));

            assertThat(leaked).hasSize(3);
            assertThat(relayEndsOpen).isEqualTo(feature >= 21 ? 0 : 3);
            if (feature >= 21) {
                closeWaitsForAnAbandonedExchange(upstream);
            }
        }
    }

    @Test
    @Order(5)
    void the_leaking_relay_still_answers_every_request_correctly() {
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

            // The first request opened a connection, and each failed one took its connection with it:
            // the last request fails, so no request came after it to open one more.
            assertThat(OpenSockets.connectedTo(upstream.port())).hasSize(failed);
            assertThat(upstream.connectionsSeen()).isEqualTo(failed);
        }
    }

    @Test
    @Order(6)
    void the_same_mistake_with_HttpURLConnection_stays_open_only_until_a_gc() throws IOException {
        try (Upstream upstream = Upstream.start(EVERY_REQUEST_FAILS)) {
            FileSnapshot before = FileDescriptors.snapshot();
            abandonErrorStreams(upstream, 3);

            FileReport openNow = before.leaksNow();
            // Long enough for what JDK 17 does after the GC: it drains a small unread body, keeps the
            // connection in its keep-alive cache, and closes it once the cache has kept it idle a while.
            FileReport afterGc = before.leaks(Duration.ofSeconds(30));
            System.out.println("HttpURLConnection, error streams neither read nor closed. Open now: " + openNow
                    + "\nAfter garbage collections: " + afterGc);

            assertThat(openNow.leaked()).hasSize(2 * 3);
            assertThat(afterGc.verdict()).isEqualTo(Verdict.UNTIL_GC);
            assertThat(afterGc.closedByGc()).hasSize(2 * 3);
        }
    }

    @Test
    @Order(7)
    void at_the_process_limit_every_request_fails_with_too_many_open_files() throws Exception {
        try (Upstream upstream = Upstream.start(ONE_IN_FOUR_FAILS)) {
            String relay = runUnderALowLimit(upstream, 1000);
            System.out.println("The relay in a JVM of its own, under ulimit -n " + LOW_LIMIT
                    + ", one request in four failed by the upstream:\n" + relay.strip());

            assertThat(relay)
                    .containsPattern("Request \\d+ got a 502: the upstream could not be reached: .*"
                            + RelayUnderALimit.OUT_OF_DESCRIPTORS);
            assertThat(upstream.requests()).isLessThan(1000);
        }
    }
    // end::prove[]

    /**
     * The leak of {@code forward}, with the older client: each request reads the status, takes the
     * error stream, and drops it and its connection, unread and unclosed.
     */
    private static void abandonErrorStreams(Upstream upstream, int requests) throws IOException {
        for (int i = 0; i < requests; i++) {
            HttpURLConnection connection = (HttpURLConnection)
                    upstream.uri().resolve("/quotes/ACME").toURL().openConnection();
            assertThat(connection.getResponseCode()).isIn(429, 500);
            assertThat(connection.getErrorStream()).isNotNull();
        }
    }

    /**
     * From JDK 21: {@code HttpClient.close()} waits for every exchange to finish, and one whose body
     * was abandoned never does; {@code shutdownNow()} ends the wait.
     */
    private static void closeWaitsForAnAbandonedExchange(Upstream upstream) throws Throwable {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request =
                HttpRequest.newBuilder(upstream.uri().resolve("/quotes/ACME")).build();
        assertThat(client.send(request, HttpResponse.BodyHandlers.ofInputStream())
                        .statusCode())
                .isIn(429, 500);
        assertThat(client).isInstanceOf(AutoCloseable.class);
        Thread closer = new Thread(
                () -> {
                    try {
                        ((AutoCloseable) client).close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                "closer");
        closer.setDaemon(true);
        closer.start();
        // Until close() waits for the exchange: in HttpClient.close, past the JDK's waiting frames.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> closer.getState() != Thread.State.RUNNABLE
                        && Arrays.stream(closer.getStackTrace())
                                .anyMatch(frame -> frame.getMethodName().equals("awaitTermination")));
        StackTraceElement closing = Arrays.stream(closer.getStackTrace())
                .filter(frame -> frame.getClassName().startsWith("java.net.http."))
                .findFirst()
                .orElseThrow();
        System.out.println("HttpClient.close() on a client with an abandoned body: " + closer.getState() + " in "
                + closing + "; shutdownNow() ends it.");
        MethodHandles.publicLookup()
                .findVirtual(HttpClient.class, "shutdownNow", MethodType.methodType(void.class))
                .invoke(client);
        closer.join(Duration.ofSeconds(30).toMillis());
        assertThat(closer.isAlive())
                .as("close() returned once shutdownNow() aborted the exchange")
                .isFalse();
    }

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

    private static Map<String, Long> byState(List<OpenSockets.Socket> sockets) {
        return sockets.stream()
                .collect(Collectors.groupingBy(OpenSockets.Socket::state, TreeMap::new, Collectors.counting()));
    }

    private static List<OpenDescriptor> sockets(List<OpenDescriptor> descriptors) {
        return descriptors.stream()
                .filter(descriptor -> descriptor.target().startsWith("socket:"))
                .toList();
    }

    private static Set<Integer> fds(List<OpenDescriptor> descriptors) {
        return descriptors.stream().map(OpenDescriptor::fd).collect(Collectors.toSet());
    }

    private static Set<Integer> socketFds(List<OpenSockets.Socket> sockets) {
        return sockets.stream().map(OpenSockets.Socket::fd).collect(Collectors.toSet());
    }
}
