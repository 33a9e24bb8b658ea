package io.github.leaklab.leakcheck.heap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HeapDump#withoutThreads}: would stopping some threads free what they hold? Three threads
 * hold a {@code Payload} each, one on its stack and two in a field of the thread itself; a static
 * list holds two more. Left out, the threads keep nothing alive; the list's payloads stay, along
 * the list's path.
 */
class WithoutThreadsTest {

    static final class Payload {
        final byte[] bytes = new byte[16 * 1024];
    }

    /** A thread that holds its payload in a field, as {@code java.util.TimerThread} holds its queue. */
    static final class Holder extends Thread {
        final Payload payload = new Payload();
        final CountDownLatch started;

        Holder(String name, CountDownLatch started) {
            super(name);
            this.started = started;
            setDaemon(true);
        }

        @Override
        public void run() {
            started.countDown();
            awaitQuietly(STOP);
        }
    }

    static final List<Payload> REGISTRY = new ArrayList<>();
    static final CountDownLatch STOP = new CountDownLatch(1);

    @TempDir
    static Path dir;

    static Path dumpFile;

    @BeforeAll
    static void dumpOnceWithThreadsHoldingPayloads() throws Exception {
        CountDownLatch started = new CountDownLatch(3);
        Thread onItsStack = new Thread(
                () -> {
                    Payload mine = new Payload();
                    started.countDown();
                    awaitQuietly(STOP);
                    Reference.reachabilityFence(mine); // held on this thread's stack until the end
                },
                "holder-stack-1");
        onItsStack.setDaemon(true);
        onItsStack.start();
        // Nothing but the threads themselves may hold them (a list of them would hold their payloads).
        new Holder("holder-field-1", started).start();
        new Holder("holder-field-2", started).start();
        started.await();
        REGISTRY.add(new Payload());
        REGISTRY.add(new Payload());
        dumpFile = dir.resolve("threads.hprof");
        HeapDump.ofThisJvm(dumpFile, true).close();
    }

    @AfterAll
    static void stopTheThreads() {
        STOP.countDown();
        REGISTRY.clear();
    }

    @Test
    void with_every_thread_the_five_payloads_are_reachable() throws IOException {
        try (HeapDump dump = HeapDump.open(dumpFile)) {
            assertThat(dump.pathsTo(Payload.class.getName()).retained()).isEqualTo(5);
            assertThat(dump.threadsLeftOut()).isEmpty();
        }
    }

    @Test
    void without_the_holder_threads_only_the_registry_keeps_its_payloads() throws IOException {
        try (HeapDump dump = HeapDump.open(dumpFile)) {
            HeapDump view = dump.withoutThreads(name -> name.startsWith("holder-"));
            Retention retention = view.pathsTo(Payload.class.getName());

            assertThat(view.threadsLeftOut())
                    .containsExactlyInAnyOrder("holder-stack-1", "holder-field-1", "holder-field-2");
            assertThat(retention.found()).isEqualTo(5);
            assertThat(retention.retained()).as(retention.toString()).isEqualTo(2);
            assertThat(retention.groups())
                    .singleElement()
                    .satisfies(group -> assertThat(group.shape()).contains("WithoutThreadsTest.REGISTRY"));
        }
    }

    @Test
    void the_view_leaves_the_dump_as_it_was() throws IOException {
        try (HeapDump dump = HeapDump.open(dumpFile)) {
            dump.withoutThreads(name -> true).close();
            assertThat(dump.pathsTo(Payload.class.getName()).retained()).isEqualTo(5);
        }
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
