package leaklab.book.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import leaklab.book.diagnosis.ResourceRelease.Release;
import leaklab.book.diagnosis.ResourceRelease.Result;
import org.junit.jupiter.api.Test;

/**
 * The measurement behind the diagnosis chapter's table, both ways: a resource the JDK's Cleaner
 * releases once it is collected, and one whose thread runs on though it was collected (stopped by
 * the test afterwards); then the whole probe in a JVM of its own, as the book's build runs it,
 * whose leaked descriptors and threads end with that JVM.
 */
class ResourceReleaseTest {

    @Test
    void a_forgotten_file_stream_is_closed_by_the_cleaner_and_a_forgotten_busy_timer_keeps_its_thread()
            throws Exception {
        assumeTrue(OpenFiles.supported(), "descriptors are counted in /proc/self/fd (Linux)");
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> timerThreads = new CopyOnWriteArrayList<>();
        List<Resource> resources = List.of(
                JdkResources.descriptors(
                        "new FileInputStream(file)",
                        "a file descriptor",
                        w -> new FileInputStream(w.file("in").toFile())),
                busyTimer(stop, timerThreads));
        List<Result> results;
        try (Workspace workspace = new Workspace()) {
            results = ResourceRelease.measure(resources, workspace);
        } finally {
            stop.set(true); // what this test leaked: the forgotten timer's task cancels itself, and its thread ends
            for (Thread thread : timerThreads) {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
        }

        assertThat(results).extracting(Result::forgotten).containsExactly(Release.CLEANER, Release.CLOSE_ONLY);
        assertThat(results).extracting(Result::closeReleases).containsExactly(true, true);
        assertThat(timerThreads).noneMatch(Thread::isAlive);
    }

    /**
     * A Timer with a task every 20 ms: forgotten, the Timer is collected, but its thread runs on for
     * the task. The task holds only the flag that makes it cancel itself, for the test to end it.
     */
    private static Resource busyTimer(AtomicBoolean stop, List<Thread> threads) {
        return new Resource("new Timer(name)", "a thread (a repeating task scheduled)", "cancel()", w -> {
            Timer timer = new Timer("resource-release-test-timer");
            CountDownLatch ran = new CountDownLatch(1);
            timer.schedule(
                    new TimerTask() {
                        @Override
                        public void run() {
                            if (ran.getCount() > 0) {
                                threads.add(Thread.currentThread());
                                ran.countDown();
                            }
                            if (stop.get()) {
                                cancel();
                            }
                        }
                    },
                    0,
                    20);
            assertThat(ran.await(30, TimeUnit.SECONDS))
                    .as("the timer's task ran")
                    .isTrue();
            Thread thread = threads.get(threads.size() - 1);
            return new Resource.Opened(timer, timer::cancel, () -> !thread.isAlive());
        });
    }

    @Test
    void a_finalizer_is_told_from_a_cleaner_by_the_class_that_declares_finalize() {
        assertThat(ResourceRelease.declaresFinalize(Finalizable.class)).isTrue();
        assertThat(ResourceRelease.declaresFinalize(Finalizable.Sub.class))
                .as("inherited")
                .isTrue();
        assertThat(ResourceRelease.declaresFinalize(FileInputStream.class)).isFalse();
    }

    @Test
    void the_probe_in_a_jvm_of_its_own_decides_every_resource_and_closing_releases_each() throws Exception {
        assumeTrue(OpenFiles.supported(), "descriptors are counted in /proc/self/fd (Linux)");
        Path out = Files.createTempFile("resource-release-", ".txt");
        try {
            Process probe = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx64m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            ResourceRelease.class.getName())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            assertThat(probe.waitFor(3, TimeUnit.MINUTES)).as("the probe ends").isTrue();
            String printed = Files.readString(out);
            assertThat(probe.exitValue()).as(printed).isZero();

            Map<String, String> verdicts = printed.lines()
                    .map(line -> line.split("\t", -1))
                    .collect(Collectors.toMap(f -> f[0] + " / " + f[1], f -> f[3] + " " + f[5]));
            assertThat(verdicts).hasSize(JdkResources.all().size());
            assertThat(verdicts.values())
                    .allSatisfy(v -> assertThat(v).matches("(CLEANER|FINALIZER|CLOSE_ONLY|NOTHING) (yes|)"));
            // Its own idle worker keeps a fixed pool reachable, on every JDK: nothing collects it.
            assertThat(verdicts).containsEntry("Executors.newFixedThreadPool(1) / a thread", "NOTHING yes");
            assertThat(verdicts).containsEntry("Files.list(dir) / file descriptors (the folder)", "CLOSE_ONLY yes");
            assertThat(verdicts).containsEntry("ByteBuffer.allocateDirect(1 MiB) / 1 MiB of native memory", "CLEANER ");
        } finally {
            Files.delete(out);
        }
    }

    /** A class with a finalizer, as a few JDK classes still have (deprecated since JDK 9). */
    static class Finalizable {
        @Override
        @SuppressWarnings({"deprecation", "removal"})
        protected void finalize() {}

        static class Sub extends Finalizable {}
    }
}
