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
 * The slice leak, proved. Each test ingests {@value #FRAMES} frames of {@value #FRAME_BYTES} bytes,
 * read by a {@link FrameReader} from a simulated feed, into an ingester whose window is far larger,
 * so that it keeps every id; then it measures what the 16-byte ids keep:
 * <ol>
 *   <li>each kept id retains its whole heap frame: Shark's retained size per id is the frame's
 *       1 MiB, for the 16 bytes the index needs;</li>
 *   <li>every heap frame's array is still strongly reachable, along the path index, view, {@code hb};</li>
 *   <li>each kept id of a direct frame holds a mebibyte of native memory, while on the heap it
 *       retains two small objects: the heap looks small, and the process grows;</li>
 *   <li>and, for history, {@code String.substring}, the classic view that pinned its source, no
 *       longer does: it has copied since JDK 7u6.</li>
 * </ol>
 * These tests pass <em>because</em> it leaks. The fixed twin ({@code fixes/slice},
 * {@code KeptIdsFixedTest}) runs the same workload and proves the frames collected.
 *
 * <p>Every figure is exact: nothing else allocates a direct buffer while a test runs, and Shark's
 * sizes are the bytes the heap dump records (fields and array contents, no object headers).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeptIdsLeakingTest {

    static final int FRAMES = 16;
    static final int ROUNDS = 2;
    static final int FRAME_BYTES = 1 << 20;
    static final int WINDOW = 100_000;

    /**
     * The ingester, held from a static field as a long-lived service is held from a GC root. (A
     * test's own local variables never count: leakcheck leaves the stack of the thread that takes
     * a verdict out of every path, so the path starts where an application's would.)
     */
    private static MessageIngester ingester;

    private long feedId;

    @BeforeEach
    void newIngester() {
        ingester = new MessageIngester(WINDOW, payload -> {});
    }

    @AfterEach
    void letTheFramesGo() {
        ingester = null; // what the leak kept goes with the next collection
    }

    // tag::prove[]
    @Test
    @Order(1)
    void every_kept_id_retains_its_whole_heap_frame() throws HeapDumpException {
        FrameReader journal = reader(FrameReader.Buffers.HEAP);
        Metric retained =
                Metric.bytes("retained by the kept ids (Shark)", () -> HeapRetention.retainedBytes(ingester.keptIds()));
        GrowthReport growth = Growth.of(retained).measure(ROUNDS, FRAMES / ROUNDS, () -> ingest(journal));
        System.out.println("Retained by the index per heap frame ingested: " + growth);

        long total = growth.samples()[ROUNDS];
        long shallow = shallowSize("java.nio.HeapByteBuffer");
        System.out.println(ratio(total, shallow));
        // Each id is a view (shallow: its fields) that alone holds the frame's array: the array is
        // in its retained size, to the byte.
        assertThat(ingester.keptIdCount()).isEqualTo(FRAMES);
        assertThat(total).isEqualTo(FRAMES * (FRAME_BYTES + shallow));
        assertThat(ingester.keptIds()).allSatisfy(id -> {
            assertThat(id.remaining()).isEqualTo(MessageIngester.ID_BYTES);
            assertThat(id.array()).hasSize(FRAME_BYTES);
        });
    }

    @Test
    @Order(2)
    void every_heap_frame_stays_reachable_through_the_index_and_its_kept_view() {
        FrameReader journal = reader(FrameReader.Buffers.HEAP);
        ObjectWatcher frames = new ObjectWatcher();
        for (int i = 0; i < FRAMES; i++) {
            ingest(journal, frames);
        }
        // Nothing could free them while the index holds the views: skip the polling, go to the dump.
        RetentionReport report = frames.leaksNow();
        System.out.println("Heap frames still reachable after they were ingested: " + report);

        assertThat(report.retainedCount()).isEqualTo(FRAMES);
        assertThat(report.retainedBytes()).isEqualTo((long) FRAMES * FRAME_BYTES);
        assertThat(report.countByPath()).hasSize(1).allSatisfy((path, count) -> {
            assertThat(path).contains("MessageIngester.recentIds").endsWith("ByteBuffer.hb");
            assertThat(count).isEqualTo(FRAMES);
        });
    }

    @Test
    @Order(3)
    void every_kept_id_of_a_direct_frame_holds_a_mebibyte_outside_the_heap_and_little_on_it() throws HeapDumpException {
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
        long buffers = direct.getCount() - buffersBefore;
        long bytes = direct.getTotalCapacity() - bytesBefore;
        System.out.printf(
                Locale.ROOT,
                "The direct buffer pool (BufferPoolMXBean \"direct\") gained %d buffers, %s.%n",
                buffers,
                Sizes.format(bytes));

        assertThat(buffers).isEqualTo(FRAMES);
        assertThat(bytes).isEqualTo((long) FRAMES * FRAME_BYTES);
        // On the heap, a kept id is a view, a DirectByteBuffer, that alone holds another one, the
        // frame's (field att): two objects of a few dozen bytes for a mebibyte outside the heap.
        long onHeap = HeapRetention.retainedBytes(ingester.keptIds());
        long shallow = shallowSize("java.nio.DirectByteBuffer");
        System.out.printf(
                Locale.ROOT,
                "On the heap the %d kept ids retain %s in all, %d B each: two"
                        + " java.nio.DirectByteBuffer of %d B, the view and the frame it holds (att).%n",
                FRAMES,
                Sizes.format(onHeap),
                onHeap / FRAMES,
                shallow);
        assertThat(onHeap).isEqualTo(FRAMES * 2 * shallow);

        ObjectWatcher watcher = new ObjectWatcher();
        for (WeakReference<ByteBuffer> frame : frames) {
            watcher.watch(frame.get(), "a direct frame of " + Sizes.format(FRAME_BYTES));
        }
        RetentionReport report = watcher.leaksNow();
        System.out.println("Direct frames still reachable after they were ingested: " + report);
        assertThat(report.retainedCount()).isEqualTo(FRAMES);
        assertThat(report.pathSignature()).last().asString().endsWith("DirectByteBuffer.att");

        // What the leak kept, freed: without the index, the frames go with a collection, and
        // their cleaners give the native memory back.
        ingester = null;
        await("the direct frames' memory given back")
                .atMost(Duration.ofSeconds(30))
                .pollInSameThread()
                .until(() -> directCapacityAfterGc(buffersBefore, frames) < bytesBefore + FRAME_BYTES);
    }

    @Test
    @Order(4)
    void string_substring_has_copied_since_jdk_7u6_so_a_kept_substring_pins_nothing() {
        // The same check on the classic view: keep 16 characters of each 1 MiB text.
        ObjectWatcher texts = new ObjectWatcher();
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) {
            String text = i + "x".repeat(FRAME_BYTES); // Latin-1: a byte per character
            kept.add(text.substring(0, MessageIngester.ID_BYTES));
            texts.watch(text, "a text of " + Sizes.format(text.length()));
        }
        RetentionReport report = texts.leaks();
        long retained = HeapRetention.retainedBytes(kept);
        System.out.printf(
                Locale.ROOT,
                "String.substring: the %d kept substrings retain %s in all, %d B each;"
                        + " the texts they came from: %s%n",
                FRAMES,
                Sizes.format(retained),
                retained / FRAMES,
                report);

        report.assertNoLeak();
        assertThat(retained / FRAMES).isLessThan(2L * MessageIngester.ID_BYTES + 64);
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
                    long alive = frames.stream()
                            .filter(frame -> !frame.refersTo(null))
                            .count();
                    return direct.getCount() == buffersBefore + alive;
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

    /** What a kept id costs against what it needs. */
    private static String ratio(long retained, long shallow) {
        long perId = retained / FRAMES;
        return String.format(
                Locale.ROOT,
                "Each kept id needs %d bytes and retains %d B (%s), %,d times more:"
                        + " its shallow size is %d B (a java.nio.HeapByteBuffer's fields), its retained size adds"
                        + " the %s array of the frame, which nothing but the view still references.",
                MessageIngester.ID_BYTES,
                perId,
                Sizes.format(perId),
                Math.round(perId / (double) MessageIngester.ID_BYTES),
                shallow,
                Sizes.format(FRAME_BYTES));
    }
}
