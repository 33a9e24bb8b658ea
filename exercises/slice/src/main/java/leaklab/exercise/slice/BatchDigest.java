package leaklab.exercise.slice;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Exercise "slice": the daily digest of a log processor.
 *
 * <p>The processor reads its logs in batches of thousands of lines, one {@code List<String>} per
 * batch, and hands each batch to the digest, which keeps its first {@value #SAMPLE_LINES} lines for
 * the report at the end of the day. The digest was sized for those lines. Yet the processor's heap
 * grows by a whole batch for every batch it ever digested, and no batch ever leaves the heap.
 *
 * <p>Make {@code ./lab verify slice} pass without changing the tests: the digest must keep the
 * first lines of every batch, and nothing more. {@code ./lab hint slice} when you are stuck.
 */
public final class BatchDigest {

    /** How many lines of each batch the digest keeps. */
    public static final int SAMPLE_LINES = 10;

    private final List<List<String>> samples = new ArrayList<>();
    private long linesSeen;

    /** Digests one batch of log lines: counts them, and keeps the first {@value #SAMPLE_LINES}. */
    public void add(List<String> batch) {
        linesSeen += batch.size();
        // TODO: the digest keeps the first lines of the batch. Is that all it keeps?
        samples.add(batch.subList(0, Math.min(SAMPLE_LINES, batch.size())));
    }

    /** The first lines of every batch digested so far, one list per batch, in order. */
    public List<List<String>> samples() {
        return Collections.unmodifiableList(samples);
    }

    /** How many lines the digested batches had in all. */
    public long linesSeen() {
        return linesSeen;
    }

    /** The report: how many lines, then the first lines of each batch. */
    public String report() {
        StringBuilder out = new StringBuilder();
        out.append(linesSeen).append(" lines in ").append(samples.size()).append(" batches\n");
        for (int i = 0; i < samples.size(); i++) {
            out.append("batch ").append(i + 1).append(":\n");
            for (String line : samples.get(i)) {
                out.append("  ").append(line).append('\n');
            }
        }
        return out.toString();
    }
}
