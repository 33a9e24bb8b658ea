package leaklab.timer;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client's connection to the chat server.
 *
 * <p>Opening a session schedules two things that outlive the call:
 * <ul>
 *   <li>a heartbeat on the manager's shared executor, which pings the client every
 *       {@code heartbeatInterval} so that proxies keep the connection open;</li>
 *   <li>an idle timeout on a {@link Timer} of the session's own (one thread each), which closes
 *       the session once the client has been silent for {@code idleTimeout}.</li>
 * </ul>
 * Both hold the session, and its outbound buffer, for as long as they stay scheduled: the
 * executor's queue is reachable from its thread, and a Timer's thread never ends by itself. So
 * {@link #close()} must cancel both.
 */
public final class Session implements AutoCloseable {

    private static final byte[] PING = "PING\n".getBytes(StandardCharsets.US_ASCII);

    private final SessionManager manager;
    private final String userId;
    private final ByteBuffer outbound;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private volatile long lastHeardNanos = System.nanoTime();
    private final ScheduledFuture<?> heartbeat;
    private final Timer idleTimer; // null when the idle timeout is off

    Session(SessionManager manager, String userId) {
        this.manager = manager;
        this.userId = userId;
        SessionManager.Settings settings = manager.settings();
        this.outbound = ByteBuffer.allocate(settings.outboundBufferBytes());
        // tag::open[]
        long every = settings.heartbeatInterval().toMillis();
        heartbeat = manager.heartbeats().scheduleAtFixedRate(this::sendHeartbeat, every, every, MILLISECONDS); // <1>
        if (settings.idleTimeout().isZero()) {
            idleTimer = null;
        } else {
            long idle = settings.idleTimeout().toMillis();
            idleTimer = new Timer("idle-timeout-" + userId, true); // <2>
            idleTimer.schedule(new CloseWhenIdle(), idle, idle); // <3>
        }
        // end::open[]
    }

    public String userId() {
        return userId;
    }

    public boolean isOpen() {
        return open.get();
    }

    /** The client sent {@code text}; routing it is not this example's business, but the client is not idle. */
    public void onMessage(String text) {
        requireOpen();
        lastHeardNanos = System.nanoTime();
    }

    /** Sends a line of text to the client. */
    public void send(String text) {
        requireOpen();
        write((text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    // tag::close[]
    @Override
    public void close() {
        if (open.compareAndSet(true, false)) {
            manager.closed(this);
            heartbeat.cancel(false); // <1>
            if (idleTimer != null) {
                idleTimer.cancel(); // <2>
            }
        }
    }
    // end::close[]

    @Override
    public String toString() {
        return "Session[" + userId + (isOpen() ? "]" : ", closed]");
    }

    private void sendHeartbeat() {
        if (open.get()) { // a closed session has no client to ping
            write(PING);
        }
    }

    private synchronized void write(byte[] frame) {
        if (frame.length > outbound.capacity()) {
            throw new IllegalArgumentException("a " + frame.length + "-byte frame does not fit the "
                    + outbound.capacity() + "-byte outbound buffer");
        }
        // A real server would now hand the buffer to the socket; the buffer is what matters here.
        outbound.clear();
        outbound.put(frame).flip();
    }

    private void requireOpen() {
        if (!open.get()) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    /** Runs on the idle timer's thread: closes the session once the client has been silent too long. */
    private final class CloseWhenIdle extends TimerTask {
        @Override
        public void run() {
            if (System.nanoTime() - lastHeardNanos
                    >= manager.settings().idleTimeout().toNanos()) {
                close();
            }
        }
    }
}
