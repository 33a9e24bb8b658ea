package leaklab.book.evidence;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An alive slot of {@link JvmSlots} asked for ahead of the JVM that will use it, by a thread of its
 * own: a run that needs a second JVM later (a tool against its demo) asks as soon as its first
 * starts, so that the wait for the slot overlaps with the demo's start and looks instead of coming
 * after them. {@link #await()} waits until it is held; {@link #close()} gives it back.
 */
final class SlotAhead implements AutoCloseable {

    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread holder;

    SlotAhead(JvmSlots slots, String what) {
        holder = new Thread(
                () -> slots.whileAlive(() -> {
                    held.countDown();
                    try {
                        done.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                }),
                "slot ahead for " + what);
        holder.setDaemon(true);
        holder.start();
    }

    /** Waits until the slot is held. */
    void await() {
        try {
            held.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvidenceException("interrupted while waiting for a JVM slot", e);
        }
    }

    /** Gives the slot back (or stops asking for it). */
    @Override
    public void close() {
        done.countDown();
        try {
            holder.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
