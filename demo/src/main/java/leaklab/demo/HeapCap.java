package leaklab.demo;

import java.util.OptionalLong;

/**
 * Stops a leaking demo before it hurts the machine: the cap is passed when the heap used
 * <em>after a GC</em> is above it. Garbage alone must not stop a demo that does not leak, so when
 * the heap in use passes the cap we ask for a full GC and read again; that happens at most once a
 * check, and only when the heap is that full. (Under {@code -XX:+DisableExplicitGC} the request does
 * nothing, and garbage alone can pass the cap.)
 */
public final class HeapCap {

    private final long capBytes;
    private int gcsRequested;

    public HeapCap(long capBytes) {
        this.capBytes = capBytes;
    }

    /** The heap used after a GC if it passed the cap, else empty. */
    public OptionalLong exceeded() {
        if (Gauge.heapUsed() <= capBytes) {
            return OptionalLong.empty();
        }
        gcsRequested++;
        // An explicit GC here is the point: the cap is about what stays reachable, not about garbage.
        System.gc();
        long afterGc = Gauge.heapUsed();
        return afterGc > capBytes ? OptionalLong.of(afterGc) : OptionalLong.empty();
    }

    public long capBytes() {
        return capBytes;
    }

    /** How many times {@link #exceeded()} had to ask for a GC (each is a pause of the demo). */
    public int gcsRequested() {
        return gcsRequested;
    }
}
