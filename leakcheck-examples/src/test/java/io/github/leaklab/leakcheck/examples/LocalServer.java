package io.github.leaklab.leakcheck.examples;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP server the examples' clients talk to: the JDK's own, on the loopback address, started
 * before the tests of a class (so its threads and sockets are not theirs) and stopped after them.
 */
public final class LocalServer implements AutoCloseable {

    private final HttpServer server;

    private LocalServer(HttpServer server) {
        this.server = server;
    }

    /** A server on a free loopback port that answers every request with a short page. */
    public static LocalServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] page = "<h1>front page</h1>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(page);
            }
        });
        server.start();
        return new LocalServer(server);
    }

    public String url() {
        return "http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
