package leaklab.exercise.closure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exercise "closure": imports uploaded batches of customer records into a store, and retries the
 * records the store refuses for now.
 *
 * <p>A CRM service imports each batch a customer uploads: a CSV file, one record a line. The store
 * refuses a record now and then (a row locked, a rate limit hit), and the importer then retries
 * that record later, on the service's shared scheduler, which runs for as long as the service
 * does. Every batch is imported, every refused record is written in the end. Yet the service's
 * heap grows by a whole batch for every batch with a record waiting for its retry.
 *
 * <p>Make {@code ./lab verify closure} pass without changing the tests: an imported batch must be
 * collectable while its records wait for their retry, and every retry must still write its
 * record. {@code ./lab hint closure} when you are stuck.
 */
public final class BatchImporter {

    /** Where the records go: a database table, a search index. */
    public interface Store {

        /** Writes one record; false if the store refuses it for now, and it should be tried again later. */
        boolean write(String record);
    }

    private final Store store;
    private final ScheduledExecutorService scheduler;
    private final Duration retryAfter;
    private final AtomicInteger retried = new AtomicInteger();

    /**
     * @param store where the records go
     * @param scheduler the service's shared scheduler, on which the retries wait
     * @param retryAfter how long a refused record waits before it is tried again
     */
    public BatchImporter(Store store, ScheduledExecutorService scheduler, Duration retryAfter) {
        this.store = Objects.requireNonNull(store, "store");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /**
     * Imports one uploaded batch, a CSV file with one record a line: returns how many records were
     * written now; the store's refusals are retried later.
     */
    public int importBatch(String name, byte[] csv) {
        return new BatchImport(name, csv).run();
    }

    /** How many records a retry has written so far. */
    public int retried() {
        return retried.get();
    }

    /** One batch while it is imported: the file as uploaded, and its records. */
    private final class BatchImport {

        private final String name;
        private final byte[] csv;
        private final List<String> records;

        BatchImport(String name, byte[] csv) {
            this.name = name;
            this.csv = csv;
            this.records = List.of(new String(csv, StandardCharsets.UTF_8).split("\n"));
        }

        int run() {
            int written = 0;
            for (String record : records) {
                if (store.write(record)) {
                    written++;
                } else {
                    retryLater(record);
                }
            }
            return written;
        }

        private void retryLater(String record) {
            // TODO: this callback waits on the shared scheduler until its retry is due. What does it hold until then?
            scheduler.schedule(
                    new Runnable() {
                        @Override
                        public void run() {
                            retry(record);
                        }
                    },
                    retryAfter.toNanos(),
                    TimeUnit.NANOSECONDS);
        }

        private void retry(String record) {
            if (store.write(record)) {
                retried.incrementAndGet();
            } else {
                retryLater(record);
            }
        }

        @Override
        public String toString() {
            return "BatchImport[" + name + ", " + csv.length + " bytes, " + records.size() + " records]";
        }
    }
}
