package leaklab.demo;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A demo whose operation allocates a 1 MiB direct buffer, and keeps it ({@code keep}, the first
 * argument) or drops it ({@code drop}); with a cap of its own on the direct buffers' capacity, its
 * caps checked before every operation and its figures taken after a GC. {@link OwnCapsProcessTest}
 * runs it in a JVM of its own.
 */
public final class DirectBufferDemo {

    static final long CAP_BYTES = 8L << 20;

    private DirectBufferDemo() {}

    public static void main(String[] args) {
        boolean keep = args[0].equals("keep");
        LiveDemo demo = new LiveDemo("DirectBufferDemo", "buffers allocated per second", "buffer")
                .capAfterGc(
                        "the direct buffers' capacity", () -> Gauge.directPool().getTotalCapacity(), CAP_BYTES)
                .checkCapsBeforeEveryOperation()
                .figuresAfterGc();
        DemoOptions options = demo.parseOrExit(Arrays.copyOfRange(args, 1, args.length));
        List<ByteBuffer> kept = new ArrayList<>();
        Gauge gauge = Gauge.ofThisJvm().withDirectBuffers().total("gcs", "collections", DirectBufferDemo::collections);
        demo.run(options, gauge, () -> {
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
            if (keep) {
                kept.add(buffer);
            }
        });
    }

    private static long collections() {
        long count = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, collector.getCollectionCount());
        }
        return count;
    }
}
