package leaklab.resource;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service behind the relay: a real HTTP/1.1 server on the loopback interface (the JDK's own,
 * {@code com.sun.net.httpserver}), which answers {@code GET /quotes/<symbol>} with a small JSON
 * quote, and a share of the requests with an error, the way a rate-limited or struggling service
 * does: {@code 429 Too Many Requests} (with a {@code Retry-After}) or {@code 500 Internal Server
 * Error}, each with an HTML error page.
 *
 * <p>Which requests fail is decided by count, not by chance: with {@code failEvery = 4} the 4th,
 * 8th, 12th... requests fail, the first of them with 429, the next with 500, and so on; a test
 * knows exactly how many failed. Every answer keeps its connection open for the next request
 * (HTTP/1.1 keep-alive), error or not, as servers do.
 *
 * <p>It counts what its access log would show: requests, and connections, as the distinct client
 * ports it has served. And it can stop answering ({@link #stopAnswering()}): requests then wait,
 * each holding its connection, until {@link #resumeAnswering()} or {@link #close()}.
 */
public final class Upstream implements AutoCloseable {

    private static final AtomicInteger HANDLERS = new AtomicInteger();

    static {
        // The JDK's server writes a response's headers and its body in two writes. Without
        // TCP_NODELAY, Nagle's algorithm holds the body back until the client acknowledges the
        // headers, and clients delay that acknowledgement: every request on a reused connection would
        // wait for it. The JDK reads this once, before its first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /**
     * How the upstream answers.
     *
     * @param failEvery every how many requests one fails (429, then 500, alternately); 1 fails them
     *         all, 0 none
     * @param errorPageBytes the size of the HTML page an error answer carries
     */
    public record Settings(int failEvery, int errorPageBytes) {

        public Settings {
            if (failEvery < 0) {
                throw new IllegalArgumentException("failEvery must be 0 (never) or more: " + failEvery);
            }
            if (errorPageBytes < 128) {
                throw new IllegalArgumentException("errorPageBytes must be at least 128: " + errorPageBytes);
            }
        }

        /** One request in four fails, each error with a 32 KiB page (an HTML page with a stack trace in it). */
        public static Settings defaults() {
            return new Settings(4, 32 * 1024);
        }

        public Settings withFailEvery(int every) {
            return new Settings(every, errorPageBytes);
        }

        public Settings withErrorPageBytes(int bytes) {
            return new Settings(failEvery, bytes);
        }
    }

    private final Settings settings;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final byte[] rateLimitedPage;
    private final byte[] serverErrorPage;
    private final AtomicLong requests = new AtomicLong();
    private final BitSet clientPorts = new BitSet(1 << 16);
    private long connections;
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile CountDownLatch answering = new CountDownLatch(0);

    private Upstream(Settings settings) throws IOException {
        this.settings = settings;
        this.rateLimitedPage = errorPage(429, "Too Many Requests", settings.errorPageBytes());
        this.serverErrorPage = errorPage(500, "Internal Server Error", settings.errorPageBytes());
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.handlers = Executors.newCachedThreadPool(Upstream::handlerThread);
        server.setExecutor(handlers);
        server.createContext("/quotes/", this::answer);
        server.start();
    }

    /** Starts an upstream on a free port of the loopback interface. */
    public static Upstream start(Settings settings) {
        try {
            return new Upstream(settings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the upstream on the loopback interface", e);
        }
    }

    /** Where it listens: {@code http://127.0.0.1:<port>/}. */
    public URI uri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests received so far, answered or waiting. */
    public long requests() {
        return requests.get();
    }

    /** Connections served so far: the distinct client ports its requests came from. */
    public synchronized long connectionsSeen() {
        return connections;
    }

    /** Requests waiting for an answer, each holding its connection, while the upstream does not answer. */
    public int waitingRequests() {
        return waiting.get();
    }

    /** From now on, requests get no answer until {@link #resumeAnswering()} (or {@link #close()}). */
    public void stopAnswering() {
        answering = new CountDownLatch(1);
    }

    /** Answers the requests that wait, and the next ones. */
    public void resumeAnswering() {
        answering.countDown();
    }

    /** Stops the server: it closes its listening socket and every connection it still has. */
    @Override
    public void close() {
        resumeAnswering();
        server.stop(0);
        handlers.shutdownNow();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            served(exchange.getRemoteAddress());
            long n = requests.incrementAndGet();
            awaitAnswering();
            exchange.getRequestBody().readAllBytes();
            if (settings.failEvery() > 0 && n % settings.failEvery() == 0) {
                boolean rateLimited = (n / settings.failEvery()) % 2 == 1;
                if (rateLimited) {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                }
                send(exchange, rateLimited ? 429 : 500, "text/html", rateLimited ? rateLimitedPage : serverErrorPage);
            } else {
                String symbol = exchange.getRequestURI().getPath().substring("/quotes/".length());
                String quote = String.format(
                        Locale.ROOT, "{\"symbol\":\"%s\",\"price\":%d.%02d}", symbol, 100 + n % 50, n % 100);
                send(exchange, 200, "application/json", quote.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private synchronized void served(InetSocketAddress client) {
        if (!clientPorts.get(client.getPort())) {
            clientPorts.set(client.getPort());
            connections++;
        }
    }

    private void awaitAnswering() {
        CountDownLatch gate = answering;
        if (gate.getCount() == 0) {
            return;
        }
        waiting.incrementAndGet();
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // close() is stopping the server: answer now
        } finally {
            waiting.decrementAndGet();
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** An HTML error page of exactly {@code size} bytes, padded with what such pages carry: a stack trace. */
    private static byte[] errorPage(int status, String reason, int size) {
        String title = status + " " + reason;
        String head = "<html><head><title>" + title + "</title></head><body><h1>" + title + "</h1><pre>\n";
        String tail = "</pre></body></html>\n";
        StringBuilder page = new StringBuilder(size).append(head);
        String frame = "\tat com.example.quotes.QuoteService.lookup(QuoteService.java:42)\n";
        while (page.length() + frame.length() + tail.length() <= size) {
            page.append(frame);
        }
        while (page.length() + tail.length() < size) {
            page.append(' ');
        }
        return page.append(tail).toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static Thread handlerThread(Runnable work) {
        Thread thread = new Thread(work, "upstream-" + HANDLERS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }
}
