package leaklab.closure;

/**
 * Pushes a short message to a client, by its id: over a WebSocket, server-sent events or a mobile
 * push service. The report server only needs to know whom to tell, and what.
 */
@FunctionalInterface
public interface Notifier {

    void tell(String clientId, String message);
}
