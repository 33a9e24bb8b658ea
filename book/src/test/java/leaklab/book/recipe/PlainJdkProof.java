package leaklab.book.recipe;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Proving a leak fixed with the JDK alone, for readers who take the method home but not the
 * project's leakcheck library: whether an object can be collected (a weak reference and a bounded
 * loop of collections), and which threads a piece of code left running (a snapshot of the live
 * threads, compared by identity). The diagnosis chapter includes both, by tag;
 * {@link PlainJdkProofTest} proves they catch a leak and pass its fix.
 */
final class PlainJdkProof {

    private PlainJdkProof() {}

    // tag::collectable[]
    /**
     * Whether the object {@code ref} refers to can be collected: a weak reference does not keep it,
     * and a collection clears the reference as soon as nothing else does. Bounded: a few collections
     * (each a request, which -XX:+DisableExplicitGC ignores: then nothing is ever collected here).
     */
    static boolean collectable(WeakReference<?> ref) {
        for (int gc = 0; gc < 10 && ref.get() != null; gc++) {
            System.gc();
        }
        return ref.get() == null;
    }
    // end::collectable[]

    // tag::threads[]
    /** The live threads now: Thread objects, so that a new thread with an old name is still new. */
    static Set<Thread> liveThreads() {
        return Set.copyOf(Thread.getAllStackTraces().keySet());
    }

    /**
     * The threads started since {@code before} that are still alive after up to {@code patience}: a
     * thread being shut down gets that long to end, and a leaked one never does.
     */
    static List<Thread> stillRunningSince(Set<Thread> before, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        List<Thread> started = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread))
                .toList();
        for (Thread thread : started) {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        return started.stream().filter(Thread::isAlive).toList();
    }
    // end::threads[]
}
