package io.github.leaklab.leakcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File-descriptor verdicts: a leak, open until a GC, and clean, each with what must not fool it. */
class FileDescriptorsTest {

    /** What the leaking test keeps reachable: a static field, as a cache or a registry would. */
    static final List<InputStream> KEPT = new ArrayList<>();

    @TempDir
    Path dir;

    Path file;

    @BeforeEach
    void createAFile() throws IOException {
        assumeThat(FileDescriptors.countable())
                .as("file descriptors can be counted on this platform")
                .isTrue();
        file = Files.writeString(dir.resolve("orders.log"), "one order\n");
    }

    @AfterEach
    void closeWhatTheTestKept() throws IOException {
        for (InputStream in : KEPT) {
            in.close();
        }
        KEPT.clear();
    }

    @Test
    void a_stream_kept_reachable_and_never_closed_is_a_leak_with_the_path_that_holds_it() throws IOException {
        FileSnapshot before = FileDescriptors.snapshot();

        KEPT.add(new FileInputStream(file.toFile()));

        // 300 ms of collections, not the default second: nothing will close it.
        FileReport report = before.leaks(Duration.ofMillis(300));
        assertThat(report.verdict()).isEqualTo(Verdict.LEAK);
        assertThat(report.leaked())
                .singleElement()
                .extracting(OpenDescriptor::target)
                .asString()
                .endsWith("orders.log");
        assertThat(report.toString())
                .contains("1 file descriptor opened by the workload is still open after")
                .contains("something reachable holds it")
                .contains("held along this path from a GC root")
                .contains("FileDescriptorsTest.KEPT")
                .contains("FileInputStream")
                .contains("Next: close the stream or channel that holds fd ");
        System.out.println(report);
    }

    @Test
    void a_stream_dropped_without_close_is_open_until_a_gc_and_told_apart_from_a_leak() throws IOException {
        FileSnapshot before = FileDescriptors.snapshot();

        openAndDrop();

        FileReport report = before.leaks();
        assertThat(report.verdict()).as(report.toString()).isEqualTo(Verdict.UNTIL_GC);
        assertThat(report.closedByGc())
                .singleElement()
                .extracting(OpenDescriptor::target)
                .asString()
                .endsWith("orders.log");
        assertThat(report.toString())
                .contains("was closed only by a garbage collection")
                .contains("The JDK's Cleaner closed it")
                .contains("That is no fix")
                .contains("try-with-resources");
        assertThat(before.leaksNow().verdict()).isEqualTo(Verdict.CLEAN); // the Cleaner has closed it by now
    }

    @Test
    void a_stream_closed_by_try_with_resources_is_clean_even_when_it_starts_the_jdks_secure_random()
            throws IOException {
        FileSnapshot before = FileDescriptors.snapshot();

        // The JDK's first SecureRandom opens /dev/random and /dev/urandom for the life of the process.
        new SecureRandom().nextInt();
        Path temp = Files.createTempFile(dir, "order-", ".tmp");
        try (InputStream in = new FileInputStream(file.toFile())) {
            in.read();
        }

        FileReport report = before.leaks();
        assertThat(report.verdict()).as(report.toString()).isEqualTo(Verdict.CLEAN);
        assertThat(temp).exists();
    }

    @Test
    void leaks_now_counts_a_dropped_stream_as_open_without_waiting_for_a_gc() throws IOException {
        FileSnapshot before = FileDescriptors.snapshot();
        InputStream in = new FileInputStream(file.toFile());
        KEPT.add(in);

        FileReport now = before.leaksNow();

        assertThat(now.verdict()).isEqualTo(Verdict.LEAK);
        assertThat(now.toString()).contains("still open now (decided without a garbage collection)");
    }

    @Test
    void a_collection_during_the_workload_hides_a_dropped_stream_and_the_report_says_so() throws IOException {
        FileSnapshot before = FileDescriptors.snapshot();

        openAndDrop();
        collectUntilTheFileIsClosed(); // what the JVM does by itself when the workload allocates enough

        FileReport report = before.leaks();
        assertThat(report.verdict()).as(report.toString()).isEqualTo(Verdict.CLEAN);
        assertThat(report.collectionsDuringWorkload()).isPositive();
        assertThat(report.toString())
                .contains("ran during the workload (FileDescriptors.leaksOf runs it again until one run has none)");
    }

    @Test
    void leaks_of_runs_the_workload_again_after_a_collection_and_then_sees_the_dropped_stream() throws Exception {
        AtomicInteger runs = new AtomicInteger();

        FileReport report = FileDescriptors.leaksOf(() -> {
            openAndDrop();
            if (runs.incrementAndGet() == 1) {
                collectUntilTheFileIsClosed();
            }
        });

        assertThat(runs)
                .as("the first run was interrupted by a collection; the second was not")
                .hasValue(2);
        assertThat(report.verdict()).as(report.toString()).isEqualTo(Verdict.UNTIL_GC);
        assertThat(report.closedByGc())
                .singleElement()
                .extracting(OpenDescriptor::target)
                .asString()
                .endsWith("orders.log");
        assertThat(report.collectionsDuringWorkload()).isZero();
    }

    @Test
    void leaks_of_stops_after_its_last_interrupted_run_and_the_report_says_what_interrupted_it() throws Exception {
        AtomicInteger runs = new AtomicInteger();

        FileReport report = FileDescriptors.leaksOf(() -> {
            runs.incrementAndGet();
            openAndDrop();
            collectUntilTheFileIsClosed();
        });

        assertThat(runs).hasValue(FileDescriptors.RUNS);
        assertThat(report.collectionsDuringWorkload()).isPositive();
        assertThat(report.toString()).contains("ran during the workload");
    }

    private void openAndDrop() throws IOException {
        new FileInputStream(file.toFile()).read();
    }

    /** Collections until the Cleaner has closed the dropped stream: inside the workload, unlike leaks()'s own. */
    private void collectUntilTheFileIsClosed() {
        boolean closed = Waits.until(Duration.ofSeconds(10), () -> {
            Gc.collect();
            return FileDescriptors.list().values().stream().noneMatch(target -> target.endsWith("orders.log"));
        });
        assertThat(closed)
                .as("the Cleaner closed the dropped stream after a collection")
                .isTrue();
    }
}
