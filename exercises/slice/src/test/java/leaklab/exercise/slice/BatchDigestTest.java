package leaklab.exercise.slice;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.leaklab.leakcheck.HeapRetention;
import io.github.leaklab.leakcheck.ObjectWatcher;
import io.github.leaklab.leakcheck.heap.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What "fixed" means for {@link BatchDigest}. {@code ./lab verify slice} runs these tests against
 * your code. Leave this file as it is: the fix belongs in BatchDigest.java.
 */
class BatchDigestTest {

    static final int BATCHES = 12;
    static final int LINES_PER_BATCH = 10_000;
    /** A generous allowance for one sample: its lines, the list around them, and room to spare. */
    static final long SAMPLE_ALLOWANCE_BYTES = 8 * 1024;

    /**
     * The digest, held as the log processor holds it, for the whole day: from a static field, a GC
     * root. (The checks below look for paths from GC roots and leave a test's own variables out.)
     */
    private static BatchDigest digest;

    @BeforeEach
    void newDigest() {
        digest = new BatchDigest();
    }

    @AfterEach
    void endOfDay() {
        digest = null;
    }

    @Test
    void the_digest_keeps_the_first_lines_of_every_batch() {
        digestBatches(3, batch -> {});

        assertThat(digest.linesSeen()).isEqualTo(3L * LINES_PER_BATCH);
        assertThat(digest.samples()).hasSize(3);
        assertThat(digest.samples().get(2))
                .hasSize(BatchDigest.SAMPLE_LINES)
                .first()
                .asString()
                .startsWith("batch 3 line 1 ");
        assertThat(digest.report()).startsWith("30000 lines in 3 batches").contains("batch 2:\n  batch 2 line 1 ");
    }

    @Test
    void a_kept_sample_retains_only_its_own_lines() {
        digestBatches(BATCHES, batch -> {});

        long retained = HeapRetention.retainedBytes(digest.samples());
        long perSample = retained / BATCHES;
        long characters =
                digest.samples().get(0).stream().mapToLong(String::length).sum();
        assertThat(perSample)
                .as(
                        "Each kept sample of %d lines (%d characters in all) retains %s (Shark's retained size: what"
                                + " the heap would give back without it): about the whole batch of %d lines it was"
                                + " cut from. A sample must own its lines, not look into its batch.",
                        BatchDigest.SAMPLE_LINES, characters, Sizes.format(perSample), LINES_PER_BATCH)
                .isLessThan(SAMPLE_ALLOWANCE_BYTES);
    }

    @Test
    void every_batch_is_garbage_collected_once_digested() {
        ObjectWatcher watcher = new ObjectWatcher();

        digestBatches(BATCHES, batch -> watcher.watch(batch, "a digested batch of " + batch.size() + " lines"));

        watcher.leaks().assertNoLeak();
    }

    /**
     * What the log processor does all day: read a batch of lines, hand it to the digest, go on to the
     * next batch. No reference to a batch survives this method, but for what the digest keeps.
     */
    private static void digestBatches(int count, Consumer<List<String>> afterDigest) {
        for (int batch = 1; batch <= count; batch++) {
            List<String> lines = new ArrayList<>(LINES_PER_BATCH);
            for (int line = 1; line <= LINES_PER_BATCH; line++) {
                lines.add("batch " + batch + " line " + line + " " + "GET /api/orders?page=" + line
                        + " 200 12ms user-agent=\"leaklab-test\"");
            }
            digest.add(lines);
            afterDigest.accept(lines);
        }
    }
}
