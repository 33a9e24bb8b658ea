package leaklab.benchmarks.resource;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import leaklab.benchmarks.BodyAllocationProfiler;
import leaklab.benchmarks.ForkedJvm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgs = {ForkedJvm.HEAP_MIN, ForkedJvm.HEAP_MAX},
        jvmArgsAppend = "-Dsun.net.httpserver.nodelay=true")
public class ResourceCost_02_NewConnection {

    /*
     * What does a new connection cost a request, next to a reused one?
     *
     * That is the price the leaking relay pays after every error: the connection stuck with the
     * unread error page cannot carry the next request, so the client opens another. Here we pay
     * it without leaking anything, with the JDK's own calls: one client, one server on loopback
     * (the JDK's com.sun.net.httpserver, as the scenario's upstream), and the same small answer,
     * read to its end, either on the connection the client keeps (reusedConnection) or on a new
     * one each time (newConnection), because the server answers "Connection: close" and closes
     * it after the answer. Nothing stays open, so both run for as long as JMH likes
     * (Mode.AverageTime). A check in the setup makes sure the two requests take the connections
     * this benchmark says they take: the server notes the client port of every request it answers,
     * ten requests answered "Connection: close" must come from ten ports, and ten kept-alive ones
     * from one.
     *
     * The server side is in this JVM too, as in the scenario: a new connection costs a connect
     * here, an accept there, a socket and a selector registration on both sides, and the close of
     * the one before. TCP_NODELAY is on for the server, as the scenario's Upstream sets it (see
     * its comment): without it, every request on a reused connection would wait for a delayed
     * acknowledgement, and this benchmark would measure that instead.
     *
     * Bytes allocated: the calling thread's own (BodyAllocationProfiler).
     */

    private static final byte[] ANSWER = "{\"symbol\":\"ACME\",\"price\":101.25}".getBytes(StandardCharsets.UTF_8);
    private static final int CHECKED_REQUESTS = 10;

    private HttpServer server;
    private ExecutorService handlers;
    private final List<Integer> clientPorts = new ArrayList<>();
    private volatile boolean notingPorts;
    private HttpClient client;
    private HttpRequest keepAlive;
    private HttpRequest close;

    @Setup(Level.Trial)
    public void startTheServer() throws IOException, InterruptedException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        handlers = Executors.newCachedThreadPool(work -> {
            Thread thread = new Thread(work, "server-handler");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(handlers);
        server.createContext("/keep", exchange -> answer(exchange, false));
        server.createContext("/close", exchange -> answer(exchange, true));
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        client = HttpClient.newHttpClient();
        keepAlive = HttpRequest.newBuilder(uri.resolve("/keep")).build();
        close = HttpRequest.newBuilder(uri.resolve("/close")).build();
        long closed = connectionsTakenBy(close);
        long kept = connectionsTakenBy(keepAlive);
        if (closed != CHECKED_REQUESTS || kept != 1) {
            throw new IllegalStateException(CHECKED_REQUESTS + " requests answered \"Connection: close\" took " + closed
                    + " connections (expected " + CHECKED_REQUESTS + "), " + CHECKED_REQUESTS
                    + " kept-alive ones took " + kept + " (expected 1): the benchmark no longer measures what it says");
        }
    }

    /** The distinct client ports the server saw for CHECKED_REQUESTS requests, sent one after the other. */
    private long connectionsTakenBy(HttpRequest request) throws IOException, InterruptedException {
        synchronized (clientPorts) {
            clientPorts.clear();
        }
        notingPorts = true;
        for (int i = 0; i < CHECKED_REQUESTS; i++) {
            send(request);
        }
        notingPorts = false;
        synchronized (clientPorts) {
            if (clientPorts.size() != CHECKED_REQUESTS) {
                throw new IllegalStateException(
                        "the server answered " + clientPorts.size() + " requests, not " + CHECKED_REQUESTS);
            }
            return new HashSet<>(clientPorts).size();
        }
    }

    private void answer(HttpExchange exchange, boolean closeAfter) throws IOException {
        try (exchange) {
            if (notingPorts) {
                synchronized (clientPorts) {
                    clientPorts.add(exchange.getRemoteAddress().getPort());
                }
            }
            if (closeAfter) {
                exchange.getResponseHeaders().set("Connection", "close");
            }
            exchange.sendResponseHeaders(200, ANSWER.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ANSWER);
            }
        }
    }

    @Benchmark
    public int reusedConnection() throws IOException, InterruptedException {
        long allocatedBefore = BodyAllocationProfiler.start();
        int read = send(keepAlive);
        BodyAllocationProfiler.stop(allocatedBefore);
        return read;
    }

    @Benchmark
    public int newConnection() throws IOException, InterruptedException {
        long allocatedBefore = BodyAllocationProfiler.start();
        int read = send(close);
        BodyAllocationProfiler.stop(allocatedBefore);
        return read;
    }

    private int send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            return body.readAllBytes().length;
        }
    }

    @TearDown(Level.Trial)
    public void stopTheServer() {
        // The client has no exchange open: it is collected with its idle connection (or the fork ends).
        server.stop(0);
        handlers.shutdownNow();
    }

    /*
     * ============================== HOW TO RUN THIS TEST: ====================================
     *
     * The recorded run is benchmarks/results/resource.json; the book's resource chapter (Cost)
     * shows it as a table, generated from the JSON. The difference between the two lines is what
     * every error costs the leaking relay's next request, on top of the socket it leaves open.
     *
     * You can run this test:
     *
     * a) Via the command line, from the project root:
     *    $ ./mvnw -q package -pl benchmarks -am -DskipTests
     *    $ java -jar benchmarks/target/benchmarks.jar ResourceCost_02 -prof leaklab.benchmarks.BodyAllocationProfiler
     *
     * b) Via the Java API (run main from the IDE, benchmarks built as above).
     */

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(ResourceCost_02_NewConnection.class.getSimpleName())
                .addProfiler(BodyAllocationProfiler.class)
                .build();
        new Runner(options).run();
    }
}
