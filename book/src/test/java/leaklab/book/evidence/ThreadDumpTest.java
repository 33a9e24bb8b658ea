package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A thread dump")
class ThreadDumpTest {

    private static final ThreadDump DUMP = ThreadDump.parse(Fixtures.read("thread-print-leaking.txt"));

    @Test
    @DisplayName("is split into threads, Java and JVM threads alike, past the preamble and the JNI line")
    void splitsThreads() {
        assertThat(DUMP.threads())
                .extracting(ThreadDump.DumpedThread::name)
                .containsExactly(
                        "main",
                        "Reference Handler",
                        "heartbeats",
                        "idle-timeout-user-1",
                        "idle-timeout-user-2",
                        "idle-timeout-user-3",
                        "Attach Listener",
                        "VM Thread");
        assertThat(DUMP.vmLine())
                .isEqualTo(
                        "Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1 mixed mode, sharing):");
        assertThat(DUMP.named("idle-timeout-")).hasSize(3);
    }

    @Test
    @DisplayName("tells where a thread waits: its state, and the first frame past Object.wait, Unsafe.park and locks")
    void tellsWhereThreadsWait() {
        ThreadDump.DumpedThread timer = DUMP.named("idle-timeout-user-1").get(0);
        ThreadDump.DumpedThread heartbeats = DUMP.named("heartbeats").get(0);
        ThreadDump.DumpedThread vmThread = DUMP.named("VM Thread").get(0);

        assertThat(timer.state()).isEqualTo("TIMED_WAITING (on object monitor)");
        assertThat(timer.parkedIn()).isEqualTo("java.util.TimerThread.mainLoop");
        assertThat(heartbeats.parkedIn())
                .isEqualTo("java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue.take");
        assertThat(vmThread.where()).isEqualTo("(no Java frames)");
        assertThat(DUMP.countByWhere("idle-timeout-"))
                .containsExactly(entry("TIMED_WAITING (on object monitor) in java.util.TimerThread.mainLoop", 3L));
    }

    @Test
    @DisplayName("excerpt keeps the chosen threads as printed, tabs as four spaces, and counts what it leaves out")
    void excerpts() {
        String excerpt = DUMP.excerpt(List.of("heartbeats"), "idle-timeout-", 1);

        assertThat(excerpt).startsWith("""
                Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1 mixed mode, sharing):
                ... 4 other threads left out (main, the JVM's own)

                "heartbeats" #12 daemon""");
        assertThat(excerpt).contains("""
                "idle-timeout-user-1" #13 daemon prio=5 os_prio=0 cpu=0.09ms elapsed=8.52s \
                tid=0x00007f312c1982d0 nid=0x15f6 in Object.wait()  [0x00007f31304d7000]
                   java.lang.Thread.State: TIMED_WAITING (on object monitor)
                    at java.lang.Object.wait(java.base@17.0.15/Native Method)
                    - waiting on <0x00000000ffb0c108> (a java.util.TaskQueue)
                    at java.util.TimerThread.mainLoop(java.base@17.0.15/Timer.java:563)
                """);
        assertThat(excerpt).doesNotContain("\t", "idle-timeout-user-2", "\"main\"");
        assertThat(excerpt)
                .endsWith("... 2 more \"idle-timeout-*\" threads left out; 3 in all:"
                        + " 3 TIMED_WAITING (on object monitor) in java.util.TimerThread.mainLoop\n");
    }

    @Test
    @DisplayName("refuses output without a thread, quoting it")
    void refusesOtherOutput() {
        assertThatThrownBy(() -> ThreadDump.parse("12345:\nCould not find any thread\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Thread.print output")
                .hasMessageContaining("Could not find any thread");
    }

    private static final ThreadDump GATEWAY = ThreadDump.parse(Fixtures.read("thread-print-gateway.txt"));
    private static final List<String> GATEWAY_THREADS = List.of("gateway-worker-", "cancel-watcher-");

    @Test
    @DisplayName("names where a blocked hand-off waits, past the queue's machinery, on JDK 17 and JDK 25 alike")
    void tellsWhereHandOffsWait() {
        ThreadDump jdk25 = ThreadDump.parse(Fixtures.read("thread-print-gateway-jdk25.txt"));

        for (ThreadDump dump : List.of(GATEWAY, jdk25)) {
            ThreadDump.DumpedThread worker = dump.named("gateway-worker-1").get(0);
            assertThat(worker.parkedIn()).isEqualTo("java.util.concurrent.SynchronousQueue.put");
            assertThat(worker.hasFrame("leaklab.thread.Gateway.lambda$call$0")).isTrue();
            assertThat(dump.named("cancel-watcher-1").get(0).parkedIn())
                    .isEqualTo("leaklab.thread.RequestScope.awaitCancellation");
        }
        assertThat(GATEWAY.named("gateway-worker-1").get(0).waitsForClass())
                .isEqualTo("java.util.concurrent.SynchronousQueue$TransferStack");
        assertThat(jdk25.named("gateway-worker-1").get(0).waitsForClass())
                .isEqualTo("java.util.concurrent.SynchronousQueue$Transferer");
    }

    @Test
    @DisplayName("a thread's name pattern blanks out its digits")
    void namePattern() {
        assertThat(GATEWAY.named("cancel-watcher-201").get(0).namePattern()).isEqualTo("cancel-watcher-N");
        assertThat(GATEWAY.named("GC Thread#0").get(0).namePattern()).isEqualTo("GC Thread#N");
    }

    @Test
    @DisplayName("groups threads by name pattern, state and frames, whether or not the dump names the object waited on")
    void groups() {
        List<ThreadDump.Group> groups = GATEWAY.groups(GATEWAY_THREADS, "leaklab.");

        assertThat(groups)
                .extracting(ThreadDump.Group::namePattern, ThreadDump.Group::count)
                .containsExactly(
                        tuple("cancel-watcher-N", 4), tuple("gateway-worker-N", 1), tuple("gateway-worker-N", 1));
        ThreadDump.Group watchers = groups.get(0);
        assertThat(watchers.waitsFor()).isEqualTo("- waiting on <...> (a leaklab.thread.RequestScope)");
        assertThat(watchers.waitingForUnknown()).isEqualTo(2);
        assertThat(watchers.frames())
                .containsExactly("at leaklab.thread.RequestScope.awaitCancellation(RequestScope.java:62)");
        assertThat(groups.get(1).frames())
                .containsExactly(
                        "at java.util.concurrent.SynchronousQueue.put(java.base@17.0.15/SynchronousQueue.java:839)",
                        "at leaklab.thread.Gateway.lambda$call$0(Gateway.java:102)");
    }

    @Test
    @DisplayName("formats the groups with their counts, and counts the threads left out")
    void formatsGroups() {
        String text = GATEWAY.formatGroups(GATEWAY_THREADS, "leaklab.");

        assertThat(text).startsWith("""
                Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1 mixed mode, sharing):
                10 threads; the 6 named "gateway-worker-*" or "cancel-watcher-*",
                grouped by name (digits as N), state and the frames they wait in:

                  4 x "cancel-watcher-N"  WAITING (on object monitor)
                      - waiting on <...> (a leaklab.thread.RequestScope)
                        (2 of them: - waiting on <no object reference available>)
                      at leaklab.thread.RequestScope.awaitCancellation(RequestScope.java:62)

                  1 x "gateway-worker-N"  WAITING (parking)
                      - parking to wait for <...> (a java.util.concurrent.SynchronousQueue$TransferStack)
                      at java.util.concurrent.SynchronousQueue.put(java.base@17.0.15/SynchronousQueue.java:839)
                      at leaklab.thread.Gateway.lambda$call$0(Gateway.java:102)
                """);
        assertThat(text).endsWith("\n... 4 other threads left out (main, the JVM's own)\n");
    }

    @Test
    @DisplayName("excerpt shows the first thread of each group asked for, and a line per group for the rest")
    void excerptsSeveralGroups() {
        String excerpt = GATEWAY.excerpt(List.of(), GATEWAY_THREADS, 1);

        assertThat(excerpt)
                .contains("\"cancel-watcher-1\" #12", "\"gateway-worker-1\" #13")
                .doesNotContain("\"cancel-watcher-2\"", "\"main\"");
        assertThat(excerpt).startsWith("""
                Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1 mixed mode, sharing):
                ... 4 other threads left out (main, the JVM's own)
                """);
        assertThat(excerpt).endsWith("""
                ... 1 more "gateway-worker-*" threads left out; 2 in all: 1 WAITING (parking) in \
                java.util.concurrent.SynchronousQueue.put, 1 TIMED_WAITING (sleeping) in leaklab.thread.GatewayDemo.lambda$main$0
                ... 3 more "cancel-watcher-*" threads left out; 4 in all: 4 WAITING (on object monitor) in \
                leaklab.thread.RequestScope.awaitCancellation
                """);
    }
}
