package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadDumpTest {

    private static final ThreadDump DUMP = ThreadDump.parse(Fixtures.read("thread-print-leaking.txt"));

    @Test
    void is_split_into_threads_java_and_jvm_threads_alike_past_the_preamble_and_the_jni_line() {
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
    void tells_where_a_thread_waits_its_state_and_the_first_frame_past_object_wait_unsafe_park_and_locks() {
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
    void excerpt_keeps_the_chosen_threads_as_printed_tabs_as_four_spaces_and_counts_what_it_leaves_out() {
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
    void refuses_output_without_a_thread_quoting_it() {
        assertThatThrownBy(() -> ThreadDump.parse("12345:\nCould not find any thread\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Thread.print output")
                .hasMessageContaining("Could not find any thread");
    }

    private static final ThreadDump GATEWAY = ThreadDump.parse(Fixtures.read("thread-print-gateway.txt"));
    private static final List<String> GATEWAY_THREADS = List.of("gateway-worker-", "cancel-watcher-");

    @Test
    void names_where_a_blocked_hand_off_waits_past_the_queues_machinery_on_jdk_17_and_jdk_25_alike() {
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
    void a_threads_name_pattern_blanks_out_its_digits() {
        assertThat(GATEWAY.named("cancel-watcher-201").get(0).namePattern()).isEqualTo("cancel-watcher-N");
        assertThat(GATEWAY.named("GC Thread#0").get(0).namePattern()).isEqualTo("GC Thread#N");
    }

    @Test
    void groups_threads_by_name_pattern_state_and_frames_whether_or_not_the_dump_names_the_object_waited_on() {
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
    void formats_the_groups_with_their_counts_and_counts_the_threads_left_out() {
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
    void excerpt_shows_the_first_thread_of_each_group_asked_for_and_a_line_per_group_for_the_rest() {
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
