package leaklab.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.leaklab.leakcheck.Growth;
import io.github.leaklab.leakcheck.GrowthReport;
import io.github.leaklab.leakcheck.HeapRetention;
import io.github.leaklab.leakcheck.Metric;
import io.github.leaklab.leakcheck.ObjectWatcher;
import io.github.leaklab.leakcheck.RetentionReport;
import io.github.leaklab.leakcheck.heap.ClassHistogram;
import io.github.leaklab.leakcheck.heap.HeapDump;
import io.github.leaklab.leakcheck.heap.HeapDumpException;
import io.github.leaklab.leakcheck.heap.Sizes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The slice leak, fixed. The workload of the leaking twin ({@code scenarios/slice},
 * {@code KeptIdsLeakingTest}): {@value #FRAMES} frames of {@value #FRAME_BYTES} bytes ingested into
 * an ingester that keeps every id. Now the index keeps a copy of each id, and:
 * <ol>
 *   <li>each kept id retains its own 16 bytes and the buffer around them, to the byte;</li>
 *   <li>every heap frame is garbage collected once ingested;</li>
 *   <li>every direct frame is collected, and the direct buffer pool gives its memory back;</li>
 *   <li>de-duplication still works, whether a message comes again on the heap or off it.</li>
 * </ol>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeptIdsFixedTest {

    static final int FRAMES = 16;
    static final int ROUNDS = 2;
    static final int FRAME_BYTES = 1 << 20;
    static final int WINDOW = 100_000;

    /** The ingester, held from a static field as a long-lived service is held from a GC root. */
    private static MessageIngester ingester;

    private long feedId;

    @BeforeEach
    void newIngester() {
        ingester = new MessageIngester(WINDOW, payload -> {});
    }

    @AfterEach
    void letTheIndexGo() {
        ingester = null;
    }

    // tag::prove[]
    @Test
    @Order(1)
    void a_kept_id_retains_only_its_own_sixteen_bytes() throws HeapDumpException {
        SimulatedFeed feed = new SimulatedFeed(++feedId, FRAME_BYTES, Long.MAX_VALUE);
        FrameReader journal = new FrameReader(feed, FrameReader.Buffers.HEAP);
        Metric retained =
                Metric.bytes("retained by the kept ids (Shark)", () -> HeapRetention.retainedBytes(ingester.keptIds()));
        GrowthReport growth = Growth.of(retained).measure(ROUNDS, FRAMES / ROUNDS, () -> ingest(journal));
        System.out.println("Retained by the index per heap frame ingested: " + growth);

        long total = growth.samples()[ROUNDS];
        long shallow = shallowSize("java.nio.HeapByteBuffer");
        System.out.printf(
                Locale.ROOT,
                "Each kept id needs %d bytes and retains %d B: a java.nio.HeapByteBuffer"
                        + " of %d B (shallow) and its own %d-byte array.%n",
                MessageIngester.ID_BYTES,
                total / FRAMES,
                shallow,
                MessageIngester.ID_BYTES);
        assertThat(total).isEqualTo(FRAMES * (shallow + MessageIngester.ID_BYTES));
        // Exact copies: an array of 16 bytes each, on the heap, holding the message's id.
        List<ByteBuffer> ids = ingester.keptIds();
        for (int n = 0; n < FRAMES; n++) {
            ByteBuffer id = ids.get(n);
            assertThat(id.isDirect()).isFalse();
            assertThat(id.array()).hasSize(MessageIngester.ID_BYTES);
            assertThat(id).isEqualTo(feed.messageId(n));
        }
    }

    @Test
    @Order(2)
    void every_heap_frame_is_garbage_collected_once_ingested() {
        FrameReader journal = reader(FrameReader.Buffers.HEAP);
        ObjectWatcher frames = new ObjectWatcher();
        for (int i = 0; i < FRAMES; i++) {
            ingest(journal, frames);
        }
        RetentionReport report = frames.leaks();
        System.out.println("Heap frames still reachable after they were ingested: " + report);

        report.assertNoLeak();
        assertThat(ingester.keptIdCount()).isEqualTo(FRAMES);
    }

    @Test
    @Order(3)
    void every_direct_frame_is_collected_and_its_native_memory_given_back() {
        FrameReader socket = reader(FrameReader.Buffers.DIRECT);
        BufferPoolMXBean direct = directPool();
        long buffersBefore = direct.getCount();
        long bytesBefore = direct.getTotalCapacity();
        List<WeakReference<ByteBuffer>> frames = new ArrayList<>();
        Metric capacity =
                Metric.bytes("direct buffer capacity after a GC", () -> directCapacityAfterGc(buffersBefore, frames));
        GrowthReport growth = Growth.of(capacity)
                .measure(ROUNDS, FRAMES / ROUNDS, () -> frames.add(new WeakReference<>(ingest(socket))));
        System.out.println("Direct memory per direct frame ingested: " + growth);
        System.out.printf(
                Locale.ROOT,
                "The direct buffer pool (BufferPoolMXBean \"direct\") gained %d buffers, %s;"
                        + " the %d frames still alive: %d.%n",
                direct.getCount() - buffersBefore,
                Sizes.format(direct.getTotalCapacity() - bytesBefore),
                FRAMES,
                alive(frames));

        assertThat(alive(frames)).isZero();
        assertThat(direct.getCount()).isEqualTo(buffersBefore);
        assertThat(direct.getTotalCapacity()).isEqualTo(bytesBefore);
        assertThat(ingester.keptIds()).hasSize(FRAMES).noneMatch(ByteBuffer::isDirect);
    }

    @Test
    @Order(4)
    void a_message_that_comes_again_is_still_dropped_whether_on_the_heap_or_off_it() throws IOException {
        long messages = 4;
        SimulatedFeed live = new SimulatedFeed(++feedId, FRAME_BYTES, messages);
        SimulatedFeed replay = new SimulatedFeed(feedId, FRAME_BYTES, messages); // the same messages again
        FrameReader socket = new FrameReader(live, FrameReader.Buffers.DIRECT);
        FrameReader journal = new FrameReader(replay, FrameReader.Buffers.HEAP);
        for (ByteBuffer frame = socket.next(); frame != null; frame = socket.next()) {
            assertThat(ingester.ingest(frame)).as("a message the first time").isTrue();
        }
        for (ByteBuffer frame = journal.next(); frame != null; frame = journal.next()) {
            assertThat(ingester.ingest(frame))
                    .as("the same message from the journal")
                    .isFalse();
        }

        assertThat(ingester.handedOn()).isEqualTo(messages);
        assertThat(ingester.duplicates()).isEqualTo(messages);
    }
    // end::prove[]

    /** A reader of a feed of its own, with message ids no other test has used. */
    private FrameReader reader(FrameReader.Buffers buffers) {
        return new FrameReader(new SimulatedFeed(++feedId, FRAME_BYTES, Long.MAX_VALUE), buffers);
    }

    /** The workload: the next frame of the feed, ingested; returns the frame. */
    private static ByteBuffer ingest(FrameReader feed) {
        try {
            ByteBuffer frame = feed.next();
            assertThat(ingester.ingest(frame)).as("a new message").isTrue();
            return frame;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same, watching the frame's memory: its array, or the direct buffer itself. */
    private static void ingest(FrameReader feed, ObjectWatcher frames) {
        ByteBuffer frame = ingest(feed);
        frames.watch(frame.hasArray() ? frame.array() : frame, "a frame of " + Sizes.format(frame.capacity()));
    }

    private static long alive(List<WeakReference<ByteBuffer>> frames) {
        return frames.stream().filter(frame -> !frame.refersTo(null)).count();
    }

    /**
     * The direct buffers' capacity once a GC has found the frames no longer reachable and their
     * cleaners have run: the pool then counts exactly the buffers it had before and the frames
     * still alive.
     */
    static long directCapacityAfterGc(long buffersBefore, List<WeakReference<ByteBuffer>> frames) {
        BufferPoolMXBean direct = directPool();
        await("the cleaners of the frames collected")
                .atMost(Duration.ofSeconds(30))
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    System.gc();
                    return direct.getCount() == buffersBefore + alive(frames);
                });
        return direct.getTotalCapacity();
    }

    static BufferPoolMXBean directPool() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct"))
                .findFirst()
                .orElseThrow();
    }

    /** The shallow size of an instance of {@code className}, as the dump records it: its bytes per instance. */
    static long shallowSize(String className) throws HeapDumpException {
        try (HeapDump dump = HeapDump.ofThisJvm()) {
            ClassHistogram.Row row = dump.histogram(Integer.MAX_VALUE).rows().stream()
                    .filter(r -> r.className().equals(className))
                    .findFirst()
                    .orElseThrow();
            return row.shallowBytes() / row.instances();
        }
    }
}
