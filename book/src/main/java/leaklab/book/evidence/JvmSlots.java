package leaklab.book.evidence;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * How many JVMs the evidence keeps alive at once, and how many may be busy at once. The chapters'
 * runs go concurrently, but a 2-core machine cannot start a dozen JVMs, or attach to them, in
 * time: so a run holds an <em>alive</em> slot for as long as its JVM lives (this bounds memory),
 * and a <em>busy</em> slot only while it works hard: while its JVM starts, while a test run runs
 * (tests dump heaps and run Shark) and while a look attaches and runs its jcmd commands. A demo
 * that is just pacing its workload, or paused for a look, holds no busy slot. Nothing here waits
 * on the clock: a run that cannot get a slot waits for one, however slow the machine.
 */
final class JvmSlots {

    private final int alive;
    private final int busy;
    private final Semaphore aliveSlots;
    private final Semaphore busySlots;

    /**
     * @param alive JVMs alive at once
     * @param busy JVMs busy at once: the machine's cores
     */
    JvmSlots(int alive, int busy) {
        if (busy < 1 || alive < busy) {
            throw new IllegalArgumentException("need at least one busy slot and as many alive: " + alive + ", " + busy);
        }
        this.alive = alive;
        this.busy = busy;
        this.aliveSlots = new Semaphore(alive, true);
        this.busySlots = new Semaphore(busy, true);
    }

    /** For this machine: as many busy slots as cores, twice as many alive, at least 2 and 4. */
    static JvmSlots forThisMachine() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new JvmSlots(Math.max(4, 2 * cores), Math.max(2, cores));
    }

    /** "at most 4 JVMs alive and 2 busy at once", for the timing report. */
    String describe() {
        return "at most " + alive + " JVMs alive and " + busy + " busy at once";
    }

    /** Holds an alive slot for the life of a JVM. */
    <T> T whileAlive(Supplier<T> run) {
        acquire(aliveSlots);
        try {
            return run.get();
        } finally {
            aliveSlots.release();
        }
    }

    /** Holds a busy slot while {@code work} runs. */
    <T> T whileBusy(Supplier<T> work) {
        acquire(busySlots);
        try {
            return work.get();
        } finally {
            busySlots.release();
        }
    }

    void busyStart() {
        acquire(busySlots);
    }

    void busyEnd() {
        busySlots.release();
    }

    private static void acquire(Semaphore slots) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvidenceException("interrupted while waiting for a JVM slot", e);
        }
    }
}
