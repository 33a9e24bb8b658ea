package leaklab.timer;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The session manager of a chat server: it opens a {@link Session} per connected client and owns
 * the one thread that sends every session's heartbeats.
 *
 * <p>Nothing here leaks by itself. Read {@link Session} next: the leak is in how a session lets go
 * of what it scheduled.
 */
public final class SessionManager implements AutoCloseable {

    /**
     * How sessions behave.
     *
     * @param heartbeatInterval how often each session pings its client
     * @param idleTimeout how long a silent client keeps its session; {@link Duration#ZERO} turns the
     *         idle timer (and its thread) off
     * @param outboundBufferBytes the size of each session's outbound buffer
     */
    public record Settings(Duration heartbeatInterval, Duration idleTimeout, int outboundBufferBytes) {

        public Settings {
            Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            if (heartbeatInterval.toMillis() <= 0) {
                throw new IllegalArgumentException("heartbeatInterval must be at least 1 ms: " + heartbeatInterval);
            }
            if (!idleTimeout.isZero() && idleTimeout.toMillis() <= 0) {
                throw new IllegalArgumentException("idleTimeout must be zero (off) or at least 1 ms: " + idleTimeout);
            }
            if (outboundBufferBytes < 64) {
                throw new IllegalArgumentException("outboundBufferBytes must be at least 64: " + outboundBufferBytes);
            }
        }

        /** A ping every 15 s, a 5 min idle timeout, a 32 KiB outbound buffer. */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(15), Duration.ofMinutes(5), 32 * 1024);
        }

        public Settings withHeartbeatInterval(Duration interval) {
            return new Settings(interval, idleTimeout, outboundBufferBytes);
        }

        public Settings withIdleTimeout(Duration timeout) {
            return new Settings(heartbeatInterval, timeout, outboundBufferBytes);
        }

        public Settings withOutboundBufferBytes(int bytes) {
            return new Settings(heartbeatInterval, idleTimeout, bytes);
        }
    }

    private final Settings settings;
    private final ScheduledThreadPoolExecutor heartbeats;
    private final Set<Session> openSessions = ConcurrentHashMap.newKeySet();

    public SessionManager(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.heartbeats = new ScheduledThreadPoolExecutor(1, SessionManager::heartbeatThread);
        // The heartbeat thread belongs to the manager, not to any session: start it now.
        heartbeats.prestartCoreThread();
    }

    /** Opens a session for a client that just connected. */
    public Session open(String userId) {
        Objects.requireNonNull(userId, "userId");
        if (heartbeats.isShutdown()) {
            throw new IllegalStateException("the session manager is closed");
        }
        Session session = new Session(this, userId);
        openSessions.add(session);
        return session;
    }

    /** How many sessions are open now. */
    public int openSessions() {
        return openSessions.size();
    }

    /** How many heartbeat tasks wait in the executor's queue, one per live session if all is well. */
    public int queuedTasks() {
        return heartbeats.getQueue().size();
    }

    /** Closes the sessions still open, then stops the heartbeat thread. */
    @Override
    public void close() {
        openSessions.forEach(Session::close);
        heartbeats.shutdownNow();
    }

    Settings settings() {
        return settings;
    }

    /** The executor that sends every session's heartbeats. */
    ScheduledThreadPoolExecutor heartbeats() {
        return heartbeats;
    }

    void closed(Session session) {
        openSessions.remove(session);
    }

    private static Thread heartbeatThread(Runnable work) {
        Thread thread = new Thread(work, "heartbeats");
        thread.setDaemon(true);
        return thread;
    }
}
