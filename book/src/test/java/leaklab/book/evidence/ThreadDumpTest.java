package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A thread dump")
class ThreadDumpTest {

    private static final ThreadDump DUMP = ThreadDump.parse(Fixtures.read("thread-print-leaking.txt"));

    @Test
    @DisplayName("is split into threads, Java and JVM threads alike, past the preamble and the JNI line")
    void splitsThreads() {
        assertThat(DUMP.threads()).extracting(ThreadDump.DumpedThread::name).containsExactly(
                "main", "Reference Handler", "heartbeats", "idle-timeout-user-1", "idle-timeout-user-2",
                "idle-timeout-user-3", "Attach Listener", "VM Thread");
        assertThat(DUMP.vmLine()).isEqualTo(
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
        assertThat(excerpt).endsWith("... 2 more \"idle-timeout-*\" threads left out; 3 in all:"
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
}
