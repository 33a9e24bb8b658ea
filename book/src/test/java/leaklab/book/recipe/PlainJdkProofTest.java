package leaklab.book.recipe;

import static leaklab.book.recipe.PlainJdkProof.collectable;
import static leaklab.book.recipe.PlainJdkProof.liveThreads;
import static leaklab.book.recipe.PlainJdkProof.stillRunningSince;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The plain-JDK recipe ({@link PlainJdkProof}) both ways, on a poller whose thread holds it: the
 * fixed poller's close stops its thread, and the checks pass; the leaking poller's close forgets
 * it, and the same checks catch both the thread and the poller it keeps reachable.
 */
class PlainJdkProofTest {

    /** A poller that checks for work on a thread of its own; the thread's task holds the poller. */
    static class Poller implements AutoCloseable {
        private final Thread thread = new Thread(this::poll, "poller");
        private final boolean stopsOnClose;

        Poller(boolean stopsOnClose) {
            this.stopsOnClose = stopsOnClose;
            thread.start();
        }

        private void poll() {
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // look for work, then wait
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (stopsOnClose) {
                thread.interrupt();
                thread.join();
            }
        }
    }

    /** Stops the threads, in a frame of its own, so that no loop variable of the test still holds one. */
    private static void stop(List<Thread> threads) throws InterruptedException {
        for (Thread thread : threads) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    // tag::prove[]
    @Test
    void a_closed_poller_leaves_no_thread_and_can_be_collected() throws Exception {
        Set<Thread> before = liveThreads();
        WeakReference<Poller> poller = openUseAndClose(true);

        assertThat(stillRunningSince(before, Duration.ofSeconds(5)))
                .as("threads left running")
                .isEmpty();
        assertThat(collectable(poller)).as("the closed poller can be collected").isTrue();
    }

    /** Opens, uses and closes a poller in a method of its own, so that no local variable holds it after. */
    private static WeakReference<Poller> openUseAndClose(boolean stopsOnClose) throws InterruptedException {
        try (Poller poller = new Poller(stopsOnClose)) {
            return new WeakReference<>(poller);
        }
    }
    // end::prove[]

    @Test
    void the_same_checks_catch_a_poller_whose_close_forgets_its_thread() throws Exception {
        Set<Thread> before = liveThreads();
        WeakReference<Poller> poller = openUseAndClose(false);
        List<Thread> leaked = stillRunningSince(before, Duration.ofMillis(200));
        try {
            assertThat(leaked).extracting(Thread::getName).containsExactly("poller");
            assertThat(collectable(poller))
                    .as("a poller its own thread still holds")
                    .isFalse();
        } finally {
            stop(leaked); // what this test leaked
        }
        // An ended Thread object may still hold its task (JDK 25 keeps it): this test's own
        // references to the threads must not be what keeps the poller.
        leaked = null;
        assertThat(collectable(poller))
                .as("once its thread has ended, nothing holds it")
                .isTrue();
    }
}
