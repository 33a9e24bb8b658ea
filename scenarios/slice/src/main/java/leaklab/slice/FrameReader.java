package leaklab.slice;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Objects;

/**
 * Reads the frames of a feed from a channel, each into a buffer of its own, so that a frame's
 * payload stays valid while the handlers work on it, whatever the reader does next.
 *
 * <p>A frame on the wire is a 4-byte length, then that many bytes: the 16-byte message id and the
 * payload. The buffers come from the heap ({@link Buffers#HEAP}, {@code ByteBuffer.allocate}), or
 * from native memory ({@link Buffers#DIRECT}, {@code ByteBuffer.allocateDirect}): a socket read into a
 * direct buffer saves a copy, since the JDK reads a channel into a heap buffer through a temporary
 * direct one.
 */
public final class FrameReader {

    /** Where each frame's buffer comes from. */
    public enum Buffers {
        /** {@code ByteBuffer.allocate}: a {@code byte[]} on the heap. */
        HEAP,
        /** {@code ByteBuffer.allocateDirect}: native memory, outside the heap, freed once the buffer is collected. */
        DIRECT
    }

    /** The largest frame this reader accepts. */
    public static final int MAX_FRAME_BYTES = 16 << 20;

    private final ReadableByteChannel channel;
    private final Buffers buffers;
    private final ByteBuffer length = ByteBuffer.allocate(Integer.BYTES);

    public FrameReader(ReadableByteChannel channel, Buffers buffers) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.buffers = Objects.requireNonNull(buffers, "buffers");
    }

    /**
     * The next frame, in a new buffer, from the message id to the end of the payload; {@code null}
     * at the end of the channel.
     *
     * @throws IOException if the channel fails, ends inside a frame, or announces a frame that is
     *         shorter than a message id or longer than {@link #MAX_FRAME_BYTES}
     */
    public ByteBuffer next() throws IOException {
        length.clear();
        if (!readFully(length, true)) {
            return null;
        }
        int bytes = length.flip().getInt();
        if (bytes < MessageIngester.ID_BYTES || bytes > MAX_FRAME_BYTES) {
            throw new IOException("a frame of " + bytes + " bytes: frames are " + MessageIngester.ID_BYTES + " to "
                    + MAX_FRAME_BYTES + " bytes long");
        }
        ByteBuffer frame = buffers == Buffers.DIRECT ? ByteBuffer.allocateDirect(bytes) : ByteBuffer.allocate(bytes);
        readFully(frame, false);
        return frame.flip();
    }

    /** Fills {@code buffer}; false if the channel ended before the first byte and {@code mayEnd}. */
    private boolean readFully(ByteBuffer buffer, boolean mayEnd) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                if (mayEnd && buffer.position() == 0) {
                    return false;
                }
                throw new EOFException("the channel ended inside a frame");
            }
        }
        return true;
    }
}
