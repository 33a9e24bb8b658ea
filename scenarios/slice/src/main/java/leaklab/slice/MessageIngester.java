package leaklab.slice;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The ingester of a message feed that delivers each message at least once: after a reconnect or a
 * restart, messages come again, and the ingester must hand each one on only once.
 *
 * <p>Every frame carries one message: its 16-byte id, then the payload (see {@link FrameReader}).
 * The ingester remembers the ids of the last {@code window} messages in an index, and drops a
 * frame whose id is in it. The window was sized for what the index keeps, 16 bytes an id and the
 * set's own entry around it. Read {@link #idOf} to see what it really keeps.
 *
 * <p>Not thread-safe: one reader thread ingests, as a feed's frames arrive in order.
 */
public final class MessageIngester {

    /** The length of a message id, at the start of every frame. */
    public static final int ID_BYTES = 16;

    private final int window;
    private final Consumer<ByteBuffer> handler;
    /** The de-duplication index: the ids of the last {@code window} messages handed on. */
    private final Set<ByteBuffer> recentIds = new HashSet<>();
    /** The same ids, oldest first, to know which one leaves the window next. */
    private final ArrayDeque<ByteBuffer> arrivalOrder = new ArrayDeque<>();

    private long handedOn;
    private long duplicates;

    /**
     * @param window how many of the latest message ids to remember
     * @param handler takes each new message's payload, during the call to {@link #ingest}; it must not
     *         keep the buffer, which is a view of the frame
     */
    public MessageIngester(int window, Consumer<ByteBuffer> handler) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1 id: " + window);
        }
        this.window = window;
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * Hands the frame's payload on, unless a message with the same id was handed on within the
     * window.
     *
     * @param frame one frame, from its position: the message id, then the payload
     * @return whether the message was new (and handed on); false for a duplicate
     */
    public boolean ingest(ByteBuffer frame) {
        if (frame.remaining() < ID_BYTES) {
            throw new IllegalArgumentException("a frame starts with a " + ID_BYTES + "-byte message id; this one has "
                    + frame.remaining() + " bytes");
        }
        ByteBuffer id = idOf(frame);
        if (!recentIds.add(id)) {
            duplicates++;
            return false;
        }
        arrivalOrder.addLast(id);
        if (arrivalOrder.size() > window) {
            recentIds.remove(arrivalOrder.removeFirst());
        }
        handedOn++;
        handler.accept(frame.slice(frame.position() + ID_BYTES, frame.remaining() - ID_BYTES));
        return true;
    }

    // tag::id[]
    /** The message id the index keeps: the first {@value #ID_BYTES} bytes of the frame. */
    static ByteBuffer idOf(ByteBuffer frame) {
        // A view of the frame's first 16 bytes: no copy, and equals() and hashCode() compare the
        // content, as an index needs. The view shares the frame's memory, all of it.
        return frame.slice(frame.position(), ID_BYTES); // <1>
    }
    // end::id[]

    /** The ids in the index now, oldest first. */
    public List<ByteBuffer> keptIds() {
        return List.copyOf(arrivalOrder);
    }

    /** How many ids the index holds now: up to the window. */
    public int keptIdCount() {
        return arrivalOrder.size();
    }

    /** Messages handed on so far. */
    public long handedOn() {
        return handedOn;
    }

    /** Frames dropped so far as duplicates. */
    public long duplicates() {
        return duplicates;
    }

    /** Forgets every id, as a restart would. */
    public void clear() {
        recentIds.clear();
        arrivalOrder.clear();
    }
}
