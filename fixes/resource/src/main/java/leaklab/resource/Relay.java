package leaklab.resource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * A relay, as an API gateway is one: it forwards each request to the {@link Upstream} and answers
 * its caller with what the upstream said, or with an error reply of its own when the upstream
 * failed. A 429 is passed on with its {@code Retry-After}; any other error becomes a 502.
 *
 * <p>It asks the upstream through the JDK's {@link HttpClient}, one for the relay. The client keeps
 * a pool of connections: once a response's body has been read to its end, its connection goes back
 * to the pool and carries the next request. Each response comes with a streaming body
 * ({@link BodyHandlers#ofInputStream()}), so that a large answer is copied, not held whole; that
 * stream is the connection, and nothing returns the connection to the pool, or closes it, until
 * the stream is read to its end or closed. Read {@link #forward}: every path must do one or the
 * other.
 *
 * <p>It waits for the upstream no longer than its {@link Timeouts}: to connect, and for the answer.
 */
public final class Relay implements AutoCloseable {

    /** {@code HttpClient.shutdownNow()}, which JDK 21 added; {@code null} on older JDKs. */
    private static final MethodHandle SHUTDOWN_NOW = shutdownNow();

    /**
     * How long the relay waits for the upstream.
     *
     * @param connect to open a connection
     * @param answer for the answer's status and headers, once the request is sent
     */
    public record Timeouts(Duration connect, Duration answer) {

        public Timeouts {
            Objects.requireNonNull(connect, "connect");
            Objects.requireNonNull(answer, "answer");
            if (connect.toMillis() <= 0 || answer.toMillis() <= 0) {
                throw new IllegalArgumentException("timeouts must be at least 1 ms: " + connect + ", " + answer);
            }
        }

        /** 2 s to connect, 10 s for the answer. */
        public static Timeouts defaults() {
            return new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10));
        }
    }

    private final URI upstream;
    private final Timeouts timeouts;
    private final HttpClient client;

    public Relay(URI upstream) {
        this(upstream, Timeouts.defaults());
    }

    public Relay(URI upstream, Timeouts timeouts) {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        // tag::client[]
        this.client = HttpClient.newBuilder().connectTimeout(timeouts.connect()).build(); // <1>
        // end::client[]
    }

    /** Forwards {@code GET path} to the upstream and answers as the class comment says. */
    public Reply forward(String path) {
        // tag::forward[]
        HttpRequest request = HttpRequest.newBuilder(upstream.resolve(path))
                .timeout(timeouts.answer()) // <1>
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            return Reply.gatewayTimeout("the upstream did not answer in time: " + e.getMessage()); // <2>
        } catch (IOException e) {
            return Reply.badGateway("the upstream could not be reached: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.unavailable("the relay is stopping");
        }
        try (InputStream body = response.body()) { // <3>
            if (response.statusCode() == 429) {
                discard(body); // <4>
                return Reply.rateLimited(
                        response.headers().firstValue("Retry-After").orElse("1"));
            }
            if (response.statusCode() != 200) {
                discard(body); // <4>
                return Reply.badGateway("the upstream answered " + response.statusCode());
            }
            return Reply.ok(body.readAllBytes());
        } catch (IOException e) {
            return Reply.badGateway("the upstream's answer broke off: " + e);
        }
        // end::forward[]
    }

    /**
     * Reads the rest of a body the relay does not pass on. Closing a body before its end closes its
     * connection too, since the unread bytes would come first on it; read to its end, the connection
     * goes back to the pool for the next request.
     */
    private static void discard(InputStream body) throws IOException {
        body.transferTo(OutputStream.nullOutputStream());
    }

    /**
     * Stops the relay's client. Before JDK 21 an {@code HttpClient} cannot be closed: its threads
     * and connections end when it is garbage collected, and only once no exchange is open. From
     * JDK 21, {@code shutdownNow()} closes every connection, aborting the exchanges still open;
     * {@code close()} would wait for those to finish first.
     */
    @Override
    public void close() {
        if (SHUTDOWN_NOW != null) {
            try {
                SHUTDOWN_NOW.invokeExact(client);
            } catch (Throwable e) {
                throw new IllegalStateException("HttpClient.shutdownNow() failed", e);
            }
        }
    }

    private static MethodHandle shutdownNow() {
        try {
            return MethodHandles.publicLookup()
                    .findVirtual(HttpClient.class, "shutdownNow", MethodType.methodType(void.class));
        } catch (NoSuchMethodException | IllegalAccessException beforeJdk21) {
            return null;
        }
    }
}
