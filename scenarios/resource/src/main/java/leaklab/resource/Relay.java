package leaklab.resource;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
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
 */
public final class Relay implements AutoCloseable {

    /** {@code HttpClient.shutdownNow()}, which JDK 21 added; {@code null} on older JDKs. */
    private static final MethodHandle SHUTDOWN_NOW = shutdownNow();

    private final URI upstream;
    private final HttpClient client;

    public Relay(URI upstream) {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        // tag::client[]
        this.client = HttpClient.newHttpClient(); // <1>
        // end::client[]
    }

    /** Forwards {@code GET path} to the upstream and answers as the class comment says. */
    public Reply forward(String path) {
        // tag::forward[]
        HttpRequest request =
                HttpRequest.newBuilder(upstream.resolve(path)).GET().build(); // <1>
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, BodyHandlers.ofInputStream());
        } catch (IOException e) {
            return Reply.badGateway("the upstream could not be reached: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.unavailable("the relay is stopping");
        }
        if (response.statusCode() == 429) {
            return Reply.rateLimited(
                    response.headers().firstValue("Retry-After").orElse("1")); // <2>
        }
        if (response.statusCode() != 200) {
            return Reply.badGateway("the upstream answered " + response.statusCode()); // <2>
        }
        try (InputStream body = response.body()) { // <3>
            return Reply.ok(body.readAllBytes());
        } catch (IOException e) {
            return Reply.badGateway("the upstream's answer broke off: " + e);
        }
        // end::forward[]
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
