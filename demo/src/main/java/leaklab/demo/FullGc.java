package leaklab.demo;

import java.lang.management.BufferPoolMXBean;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A full GC for a demo's figures, and the wait after it. A direct buffer found unreachable by the
 * collector gives its native memory back only when its cleaner has run, on another thread, after
 * the GC: a figure read at once may still count it.
 */
final class FullGc {

    /** How long the cleaners of one GC may take before the figures are read anyway. */
    private static final long CLEANERS_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** The direct buffers' figures must hold still this long for the cleaners to count as done. */
    private static final long STILL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** How long a capped figure may take to fall back below its cap after the GC. */
    private static final long FALL_BACK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private FullGc() {}

    /**
     * Asks for a full GC (a demo's explicit GC is the point here: its figures are about what stays),
     * waits for the JVM's reference handler to reach a reference that this GC cleared, and then
     * until the direct buffers' count and capacity have held still for a few milliseconds, at most
     * {@link #CLEANERS_NANOS} in all.
     */
    static void collectAndAwaitCleaners() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        PhantomReference<Object> sentinel = new PhantomReference<>(new Object(), queue);
        System.gc();
        long deadline = System.nanoTime() + CLEANERS_NANOS;
        try {
            // The reference handler enqueues the sentinel as it goes through what the GC found
            // unreachable, direct buffers' cleaners included: once it is here, that work has begun.
            queue.remove(TimeUnit.NANOSECONDS.toMillis(CLEANERS_NANOS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            Reference.reachabilityFence(sentinel);
        }
        long[] last = direct();
        long stillSince = System.nanoTime();
        while (System.nanoTime() - stillSince < STILL_NANOS && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(POLL_NANOS);
            long[] now = direct();
            if (now[0] != last[0] || now[1] != last[1]) {
                last = now;
                stillSince = System.nanoTime();
            }
        }
    }

    /**
     * Asks for a full GC and gives {@code bytes} up to a second to fall to {@code capBytes} or below,
     * as garbage freed by cleaners would; returns its last value.
     */
    static long afterCollecting(LongSupplier bytes, long capBytes) {
        System.gc();
        long deadline = System.nanoTime() + FALL_BACK_NANOS;
        long value = bytes.getAsLong();
        while (value > capBytes && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(POLL_NANOS * 10);
            value = bytes.getAsLong();
        }
        return value;
    }

    /** The direct buffers' count and capacity ({@code BufferPoolMXBean} "direct"). */
    private static long[] direct() {
        BufferPoolMXBean pool = Gauge.directPool();
        return new long[] {pool.getCount(), pool.getTotalCapacity()};
    }
}
