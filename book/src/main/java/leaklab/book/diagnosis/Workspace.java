package leaklab.book.diagnosis;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * What the resources of {@link ResourceRelease} are opened on: a temporary folder with a file, a
 * folder and a zip of their own for each, a local socket server that accepts on demand, and a
 * local HTTP server that answers each request in full and closes its end. Everything it made is
 * closed and deleted by {@link #close()}; what the resources leaked goes with their JVM.
 */
final class Workspace implements AutoCloseable {

    private static final int HTTP_BODY_BYTES = 16 * 1024;

    private final Path root;
    private final ServerSocket sockets;
    private final ServerSocket http;
    private final Thread httpServer;
    private final SynchronousQueue<String> served = new SynchronousQueue<>();
    private final List<Closeable> toClose = new ArrayList<>();
    private int names;

    Workspace() throws IOException {
        root = Files.createTempDirectory("resource-release-");
        InetAddress loopback = InetAddress.getLoopbackAddress();
        sockets = new ServerSocket(0, 50, loopback);
        http = new ServerSocket(0, 50, loopback);
        httpServer = new Thread(this::serveHttp, "resource-release http server");
        httpServer.setDaemon(true);
        httpServer.start();
    }

    /** A new file with a few lines, for one resource. */
    Path file(String name) throws IOException {
        return Files.writeString(root.resolve(unique(name) + ".txt"), "one\ntwo\nthree\n");
    }

    /** A new folder with a file and a folder in it. */
    Path folder(String name) throws IOException {
        Path folder = Files.createDirectories(root.resolve(unique(name)).resolve("inner"));
        Files.writeString(folder.resolveSibling("a.txt"), "a\n");
        return folder.getParent();
    }

    /** A new zip file with one entry. */
    Path zip(String name) throws IOException {
        Path zip = root.resolve(unique(name) + ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("entry.txt"));
            out.write("entry\n".getBytes(StandardCharsets.US_ASCII));
            out.closeEntry();
        }
        return zip;
    }

    /** Where the socket server listens: a connection waits in its backlog until {@link #acceptOne()}. */
    InetSocketAddress socketServer() {
        return new InetSocketAddress(sockets.getInetAddress(), sockets.getLocalPort());
    }

    /** Accepts the connection waiting, and keeps the server's end open until {@link #close()}. */
    void acceptOne() throws IOException {
        toClose.add(sockets.accept());
    }

    /** The local HTTP server's address: {@code http://127.0.0.1:<port>/}. */
    String httpUrl() {
        return "http://" + http.getInetAddress().getHostAddress() + ":" + http.getLocalPort() + "/";
    }

    /** Waits until the HTTP server has answered a request and closed its end of the connection. */
    void awaitServed() throws InterruptedException {
        if (served.poll(30, TimeUnit.SECONDS) == null) {
            throw new IllegalStateException("the local HTTP server answered no request within 30 s");
        }
    }

    /** Each request: the headers read, a response with a body sent in full, the server's end closed. */
    private void serveHttp() {
        while (!http.isClosed()) {
            try (Socket client = http.accept()) {
                BufferedReader request =
                        new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                String line;
                while ((line = request.readLine()) != null && !line.isEmpty()) {
                    // the request's headers: not needed
                }
                OutputStream out = client.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + HTTP_BODY_BYTES
                                + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[HTTP_BODY_BYTES]);
                out.flush();
            } catch (IOException e) {
                if (http.isClosed()) {
                    return;
                }
                continue; // one failed request: the client sees it
            }
            try {
                served.put("served");
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private String unique(String name) {
        return name + "-" + (++names);
    }

    @Override
    public void close() throws IOException {
        for (Closeable each : toClose) {
            each.close();
        }
        sockets.close();
        http.close();
        httpServer.interrupt();
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
