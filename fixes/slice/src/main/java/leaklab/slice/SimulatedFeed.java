package leaklab.slice;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * A feed that stands in for a socket or a journal file: a channel of frames of one size, in the
 * format {@link FrameReader} reads, each with a message id of its own. The id's first 8 bytes say
 * which feed it comes from, the last 8 count the messages; the payload is filler.
 */
public final class SimulatedFeed implements ReadableByteChannel {

    /** The payload's filler, copied a chunk at a time. */
    private static final ByteBuffer FILLER = ByteBuffer.wrap(
                    "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII))
            .asReadOnlyBuffer();

    private final long feedId;
    private final int frameBytes;
    private final long frames;
    private final ByteBuffer head = ByteBuffer.allocate(Integer.BYTES + MessageIngester.ID_BYTES);
    private long sent;
    /** Payload bytes of the current frame still to send, once its head is sent. */
    private int payloadLeft;

    private boolean open = true;

    /**
     * @param feedId tells this feed's message ids apart from another feed's
     * @param frameBytes the size of every frame, message id included
     * @param frames how many frames to send before the channel ends ({@link Long#MAX_VALUE}: never)
     */
    public SimulatedFeed(long feedId, int frameBytes, long frames) {
        if (frameBytes < MessageIngester.ID_BYTES || frameBytes > FrameReader.MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("frameBytes must be " + MessageIngester.ID_BYTES + " to "
                    + FrameReader.MAX_FRAME_BYTES + ": " + frameBytes);
        }
        this.feedId = feedId;
        this.frameBytes = frameBytes;
        this.frames = frames;
        head.limit(0); // nothing to send until the first frame starts
    }

    /** The message id of this feed's message number {@code n} (from 0), as its frame carries it. */
    public ByteBuffer messageId(long n) {
        return ByteBuffer.allocate(MessageIngester.ID_BYTES)
                .putLong(feedId)
                .putLong(n)
                .flip();
    }

    @Override
    public int read(ByteBuffer dst) throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
        int written = 0;
        while (dst.hasRemaining()) {
            if (head.hasRemaining()) {
                written += copy(head, dst);
            } else if (payloadLeft > 0) {
                int n = Math.min(Math.min(payloadLeft, dst.remaining()), FILLER.capacity());
                dst.put(FILLER.slice(0, n));
                payloadLeft -= n;
                written += n;
            } else if (sent < frames) {
                head.clear();
                head.putInt(frameBytes).put(messageId(sent)).flip();
                payloadLeft = frameBytes - MessageIngester.ID_BYTES;
                sent++;
            } else {
                return written == 0 ? -1 : written;
            }
        }
        return written;
    }

    private static int copy(ByteBuffer from, ByteBuffer to) {
        int n = Math.min(from.remaining(), to.remaining());
        ByteBuffer part = from.slice(from.position(), n);
        to.put(part);
        from.position(from.position() + n);
        return n;
    }

    /** Frames started so far. */
    public long framesSent() {
        return sent;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
