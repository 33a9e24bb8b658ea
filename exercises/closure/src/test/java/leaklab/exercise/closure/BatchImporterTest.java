package leaklab.exercise.closure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.leaklab.leakcheck.ObjectWatcher;
import io.github.leaklab.leakcheck.RetentionReport;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What "fixed" means for {@link BatchImporter}. {@code ./lab verify closure} runs these tests
 * against your code. Leave this file as it is: the fix belongs in BatchImporter.java.
 */
class BatchImporterTest {

    static final int BATCHES = 5;
    static final int RECORDS = 2_000;
    /** The store refuses one record in this many, the first time it sees it. */
    static final int REFUSED_ONE_IN = 100;

    @Test
    void every_refused_record_is_written_by_its_retry() {
        RefusingStore store = new RefusingStore();
        RecordingScheduler scheduler = new RecordingScheduler();
        try {
            BatchImporter importer = new BatchImporter(store, scheduler, Duration.ofMillis(1));
            int writtenNow = 0;
            for (int batch = 1; batch <= BATCHES; batch++) {
                writtenNow += importer.importBatch("customers-" + batch + ".csv", customers(batch));
            }
            int refused = BATCHES * RECORDS / REFUSED_ONE_IN;
            assertThat(writtenNow).as("records written at once").isEqualTo(BATCHES * RECORDS - refused);
            await("every refused record written by its retry")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> store.written.size() == BATCHES * RECORDS);
            assertThat(importer.retried()).as("records written by a retry").isEqualTo(refused);
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void an_imported_batch_can_be_collected_while_its_records_wait_for_their_retry() {
        RecordingScheduler scheduler = new RecordingScheduler();
        try {
            // The retries are an hour away: they all wait on the scheduler while the test looks.
            BatchImporter importer = new BatchImporter(new RefusingStore(), scheduler, Duration.ofHours(1));
            ObjectWatcher watcher = new ObjectWatcher();
            for (int batch = 1; batch <= BATCHES; batch++) {
                importAndWatch(importer, batch, watcher);
            }
            int waiting = scheduler.getQueue().size();
            assertThat(waiting)
                    .as("retries waiting on the scheduler (a refused record must still be retried)")
                    .isEqualTo(BATCHES * RECORDS / REFUSED_ONE_IN);

            RetentionReport batches = watcher.leaks();
            assertThat(batches.isClean())
                    .as(
                            "The files of the %d imported batches should be collectable while %d of their records wait for"
                                    + " their retry, but the callbacks on the scheduler hold them. %s",
                            BATCHES, waiting, batches)
                    .isTrue();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void a_retry_callback_holds_its_record_and_not_the_batch_it_was_made_in() {
        RecordingScheduler scheduler = new RecordingScheduler();
        try {
            BatchImporter importer = new BatchImporter(new RefusingStore(), scheduler, Duration.ofHours(1));
            importer.importBatch("customers-1.csv", customers(1));

            assertThat(scheduler.callbackClasses)
                    .as("the classes of the callbacks scheduled for a retry")
                    .isNotEmpty();
            for (Class<?> callback : scheduler.callbackClasses) {
                List<Field> fields = instanceFields(callback);
                assertThat(fields.stream()
                                .filter(BatchImporterTest::holdsABatch)
                                .toList())
                        .as(
                                "The retry callback %s holds the batch it was made in: its fields are %s. A retry needs its"
                                        + " record, and the importer or the store; a field that holds a batch holds its"
                                        + " file and every record, for as long as the retry waits.",
                                simpleName(callback), describe(fields))
                        .isEmpty();
            }
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** Imports one batch and watches its file; no reference to the file survives this method. */
    private static void importAndWatch(BatchImporter importer, int batch, ObjectWatcher watcher) {
        byte[] csv = customers(batch);
        importer.importBatch("customers-" + batch + ".csv", csv);
        watcher.watch(csv, "the file of batch customers-" + batch + ".csv (" + csv.length + " bytes)");
    }

    /** A batch as a customer uploads it: {@value #RECORDS} lines, {@code 1-0042,Customer 42,c42@example.com}. */
    private static byte[] customers(int batch) {
        StringBuilder csv = new StringBuilder();
        for (int i = 1; i <= RECORDS; i++) {
            csv.append(batch)
                    .append('-')
                    .append(i)
                    .append(",Customer ")
                    .append(i)
                    .append(",c")
                    .append(i)
                    .append("@example.com\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A field that holds a batch: its file, its records, or an object of the importer's made per batch. */
    private static boolean holdsABatch(Field field) {
        Class<?> type = field.getType();
        boolean perBatchObject = type.getEnclosingClass() == BatchImporter.class && !type.isInterface();
        return perBatchObject
                || type == byte[].class
                || Collection.class.isAssignableFrom(type)
                || Map.class.isAssignableFrom(type);
    }

    private static List<Field> instanceFields(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()))
                .toList();
    }

    private static String describe(List<Field> fields) {
        return fields.stream()
                .map(f -> f.getName() + ": " + simpleName(f.getType()))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** {@code BatchImporter$BatchImport$1}; a lambda's class without its per-run number. */
    private static String simpleName(Class<?> type) {
        String name = type.getName().substring(type.getName().lastIndexOf('.') + 1);
        return name.replaceAll("\\$\\$Lambda.*", "\\$\\$Lambda");
    }

    /** Refuses one record in {@value #REFUSED_ONE_IN} the first time it is offered, and keeps what it wrote. */
    static final class RefusingStore implements BatchImporter.Store {
        final Set<String> written = ConcurrentHashMap.newKeySet();
        private final Set<String> refusedOnce = ConcurrentHashMap.newKeySet();

        @Override
        public boolean write(String record) {
            int number = Integer.parseInt(record.substring(record.indexOf('-') + 1, record.indexOf(',')));
            if (number % REFUSED_ONE_IN == 0 && refusedOnce.add(record)) {
                return false;
            }
            written.add(record);
            return true;
        }
    }

    /** The service's shared scheduler, which also notes the class of every callback scheduled on it. */
    static final class RecordingScheduler extends ScheduledThreadPoolExecutor {
        final Set<Class<?>> callbackClasses = ConcurrentHashMap.newKeySet();

        RecordingScheduler() {
            super(1, work -> {
                Thread thread = new Thread(work, "shared-scheduler");
                thread.setDaemon(true);
                return thread;
            });
        }

        @Override
        protected <V> RunnableScheduledFuture<V> decorateTask(Runnable callback, RunnableScheduledFuture<V> task) {
            callbackClasses.add(callback.getClass());
            return task;
        }
    }
}
