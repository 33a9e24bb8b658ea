package leaklab.book.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Threads named after their owner, for the diagnosis chapter: a thread dump then says whose threads
 * pile up, where {@code pool-7-thread-1} says only that some pool made them.
 */
class NamedThreadsTest {

    // tag::factory[]
    /** Threads named {@code <owner>-1}, {@code <owner>-2}...: a thread dump tells whose they are. */
    static ThreadFactory named(String owner) {
        AtomicInteger count = new AtomicInteger();
        return work -> new Thread(work, owner + "-" + count.incrementAndGet());
    }
    // end::factory[]

    @Test
    void a_pool_made_with_a_named_factory_names_its_threads_after_their_owner() throws Exception {
        // tag::use[]
        ExecutorService reports = Executors.newFixedThreadPool(2, named("report-writer"));
        // end::use[]
        try {
            assertThat(reports.submit(() -> Thread.currentThread().getName()).get())
                    .isEqualTo("report-writer-1");
        } finally {
            reports.shutdown();
            assertThat(reports.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
