package leaklab.slice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import leaklab.demo.DemoOptions;
import leaklab.demo.Gauge;
import leaklab.demo.LiveDemo;

/**
 * The ingester under load, live. Frames of {@value #FRAME_BYTES} bytes arrive at {@code --rate} a
 * second, one in two from each of two feeds: the live feed, a socket read into direct buffers, and
 * the replay of the journal after a restart, files read into heap buffers. Every message is new,
 * so the index keeps every id, 16 bytes each. Watch what the process keeps per frame: on the heap
 * (after GC), in the direct buffers (direct cap), and in all (rss).
 *
 * <p>Every line of figures is taken after a full GC: this demo allocates too little on the heap for
 * the JVM to collect on its own, and a dead frame, on the heap or off it, is freed only by a
 * collection. The demo stops before it hurts: at the heap cap ({@code --max-heap-used}), or once the
 * direct buffers' capacity after a GC passes {@value #MAX_DIRECT_MIB} MiB, checked before every frame.
 *
 * <p>Run it from the project root (the fixed twin: {@code ./run-demo fixes/slice}):
 * <pre>
 * JAVA_OPTS=-XX:NativeMemoryTracking=summary ./run-demo scenarios/slice --rate 10
 * </pre>
 */
public final class IngestDemo {

    static final int FRAME_BYTES = 1 << 20;
    static final int WINDOW = 100_000;
    static final int MAX_DIRECT_MIB = 64;

    private IngestDemo() {}

    public static void main(String[] args) {
        LiveDemo demo = new LiveDemo(
                        "IngestDemo", "frames of 1 MiB ingested per second, one in two from each feed", "frame")
                .ask("GC.class_histogram", "how many byte arrays ([B) are there, and how many bytes do they take?")
                .ask(
                        "VM.native_memory summary",
                        "how much native memory does the Other category hold?"
                                + " (needs -XX:NativeMemoryTracking=summary)")
                .capAfterGc("the direct buffers' capacity", IngestDemo::directCapacity, (long) MAX_DIRECT_MIB << 20)
                .checkCapsBeforeEveryOperation()
                .figuresAfterGc();
        DemoOptions options = demo.parseOrExit(args);

        MessageIngester ingester = new MessageIngester(WINDOW, payload -> {});
        // The live feed, read into direct buffers; the journal's replay, read into heap buffers.
        FrameReader socket =
                new FrameReader(new SimulatedFeed(1, FRAME_BYTES, Long.MAX_VALUE), FrameReader.Buffers.DIRECT);
        FrameReader journal =
                new FrameReader(new SimulatedFeed(2, FRAME_BYTES, Long.MAX_VALUE), FrameReader.Buffers.HEAP);
        long[] frames = {0};
        Gauge gauge = Gauge.ofThisJvm()
                .withDirectBuffers()
                .withResidentMemory()
                .total("ids", "keptIds", ingester::keptIdCount);

        demo.run(options, gauge, () -> {
            FrameReader feed = frames[0]++ % 2 == 0 ? socket : journal;
            ingester.ingest(next(feed));
        });
        // Whatever the run kept goes with the process; a restart clears the index the same way.
        ingester.clear();
    }

    private static ByteBuffer next(FrameReader feed) {
        try {
            return feed.next();
        } catch (IOException e) {
            throw new UncheckedIOException("the simulated feed failed", e);
        }
    }

    private static long directCapacity() {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                return pool.getTotalCapacity();
            }
        }
        return 0;
    }
}
