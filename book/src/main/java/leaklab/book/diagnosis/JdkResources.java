package leaklab.book.diagnosis;

import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.zip.ZipFile;
import leaklab.book.diagnosis.Resource.Opened;

/**
 * The JDK resources that {@link ResourceRelease} measures: file streams and channels, directory
 * streams and the {@code Files} streams over them, a zip file, sockets, an HTTP response body, a
 * direct and a mapped buffer, executors and timers. Each opener tells what it holds by identity:
 * the descriptors that appeared when it was opened ({@link OpenFiles}), the threads it started,
 * the mapping of its own file, and never through the object the program holds.
 */
final class JdkResources {

    private static final String FD = "a file descriptor";
    private static final AtomicInteger TIMERS = new AtomicInteger();

    private JdkResources() {}

    static List<Resource> all() {
        return List.of(
                descriptors(
                        "new FileInputStream(file)",
                        FD,
                        w -> new FileInputStream(w.file("in").toFile())),
                descriptors(
                        "new FileOutputStream(file)",
                        FD,
                        w -> new FileOutputStream(w.file("out").toFile())),
                descriptors(
                        "new RandomAccessFile(file, \"r\")",
                        FD,
                        w -> new RandomAccessFile(w.file("raf").toFile(), "r")),
                descriptors("FileChannel.open(path)", FD, w -> FileChannel.open(w.file("channel"))),
                descriptors("Files.newInputStream(path)", FD, w -> Files.newInputStream(w.file("stream"))),
                descriptors("Files.lines(path)", FD, w -> Files.lines(w.file("lines"))),
                descriptors(
                        "Files.newDirectoryStream(dir)",
                        "file descriptors (the folder)",
                        w -> Files.newDirectoryStream(w.folder("dirstream"))),
                descriptors("Files.list(dir)", "file descriptors (the folder)", w -> Files.list(w.folder("list"))),
                descriptors("Files.walk(dir)", "file descriptors (the folders)", w -> Files.walk(w.folder("walk"))),
                descriptors(
                        "new ZipFile(file)", FD, w -> new ZipFile(w.zip("zip").toFile())),
                socket(
                        "new Socket(host, port)",
                        w -> new Socket(
                                w.socketServer().getAddress(), w.socketServer().getPort())),
                socket("SocketChannel.open(address)", w -> SocketChannel.open(w.socketServer())),
                descriptors(
                        "new ServerSocket(port)",
                        "a file descriptor (a listening socket)",
                        w -> new ServerSocket(0, 1, InetAddress.getLoopbackAddress())),
                httpBody(),
                directBuffer(),
                mappedBuffer(),
                executor("Executors.newFixedThreadPool(1)", () -> Executors.newFixedThreadPool(1)),
                executor("Executors.newSingleThreadExecutor()", Executors::newSingleThreadExecutor),
                timer("a thread (no task scheduled)", false),
                timer("a thread (a repeating task scheduled)", true));
    }

    /** A resource that holds the descriptors that appear while {@code open} runs, released by {@code close()}. */
    static Resource descriptors(String opened, String holds, OpenerOf<? extends AutoCloseable> open) {
        return new Resource(opened, holds, "close()", w -> {
            Map<Integer, String> before = OpenFiles.now();
            AutoCloseable resource = open.open(w);
            Set<Map.Entry<Integer, String>> fds = OpenFiles.added(before, OpenFiles.now());
            return new Opened(resource, resource::close, () -> OpenFiles.allClosed(fds));
        });
    }

    /** A connected socket: only the client's descriptor, taken before the server accepts. */
    static Resource socket(String opened, OpenerOf<? extends Closeable> connect) {
        return new Resource(opened, "a file descriptor (a socket)", "close()", w -> {
            Map<Integer, String> before = OpenFiles.now();
            Closeable socket = connect.open(w);
            Set<Map.Entry<Integer, String>> fds = OpenFiles.added(before, OpenFiles.now());
            w.acceptOne(); // the server's end, after the count: not the client's descriptor
            return new Opened(socket, socket::close, () -> OpenFiles.allClosed(fds));
        });
    }

    /**
     * A response body opened and not read: the connection's socket, once the server has sent the
     * whole response and closed its end (so only the client's descriptor is new).
     */
    static Resource httpBody() {
        return new Resource(
                "HttpURLConnection.getInputStream()", "a file descriptor (the connection)", "close()", w -> {
                    Map<Integer, String> before = OpenFiles.now();
                    HttpURLConnection connection =
                            (HttpURLConnection) URI.create(w.httpUrl()).toURL().openConnection();
                    InputStream body = connection.getInputStream();
                    w.awaitServed();
                    Set<Map.Entry<Integer, String>> fds = OpenFiles.added(before, OpenFiles.now());
                    return new Opened(body, body::close, () -> OpenFiles.allClosed(fds));
                });
    }

    /** 1 MiB outside the heap, which no method frees: only its Cleaner, once the buffer is collected. */
    static Resource directBuffer() {
        return new Resource("ByteBuffer.allocateDirect(1 MiB)", "1 MiB of native memory", "", w -> {
            BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                    .filter(pool -> pool.getName().equals("direct"))
                    .findFirst()
                    .orElseThrow();
            long before = direct.getMemoryUsed();
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
            // Released once the pool is back below half the buffer above where it was.
            return new Opened(buffer, null, () -> direct.getMemoryUsed() < before + (1 << 19));
        });
    }

    /** A mapping of a file, which stays after its channel is closed, until the buffer is collected. */
    static Resource mappedBuffer() {
        return new Resource(
                "FileChannel.map(READ_ONLY, 0, size)", "a mapping of the file (its channel closed)", "", w -> {
                    Path file = w.file("mapped");
                    MappedByteBuffer mapped;
                    try (FileChannel channel = FileChannel.open(file)) {
                        mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, Files.size(file));
                    }
                    String path = file.toRealPath().toString();
                    return new Opened(mapped, null, () -> !mapped(path));
                });
    }

    private static boolean mapped(String path) {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream().anyMatch(line -> line.endsWith(" " + path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An executor that has run one task: its worker thread, which {@code shutdown()} ends. */
    static Resource executor(String opened, Supplier<ExecutorService> make) {
        return new Resource(opened, "a thread", "shutdown()", w -> {
            ExecutorService executor = make.get();
            WeakReference<Thread> worker =
                    new WeakReference<>(executor.submit(Thread::currentThread).get());
            return new Opened(executor, executor::shutdown, () -> ended(worker));
        });
    }

    /**
     * A Timer, which starts its thread at once, with or without a task on its queue; {@code cancel()}
     * ends the thread. The task refers to nothing: it cannot keep the Timer reachable.
     */
    static Resource timer(String holds, boolean withTask) {
        return new Resource("new Timer(name)", holds, "cancel()", w -> {
            String name = "resource-release-timer-" + TIMERS.incrementAndGet();
            Timer timer = new Timer(name);
            if (withTask) {
                long hour = 3_600_000;
                timer.schedule(new Idle(), hour, hour);
            }
            WeakReference<Thread> thread = new WeakReference<>(Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no thread " + name + " after new Timer()")));
            return new Opened(timer, timer::cancel, () -> ended(thread));
        });
    }

    private static boolean ended(WeakReference<Thread> thread) {
        Thread t = thread.get();
        return t == null || !t.isAlive();
    }

    /** A task that does nothing, and holds nothing. */
    private static final class Idle extends TimerTask {
        @Override
        public void run() {}
    }

    /** Opens a resource in the workspace. */
    @FunctionalInterface
    interface OpenerOf<T> {
        T open(Workspace workspace) throws Exception;
    }
}
