package leaklab.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import leaklab.catalog.ExpectedVerdict;
import org.junit.jupiter.api.Test;

/** What the tool reads from jcmd, /proc and the performance counters, on real samples of their output. */
class ParsersTest {

    @Test
    void a_class_histogram_gives_java_names_and_the_live_total() {
        LiveHistogram histogram = LiveHistogram.parse("""
                1234:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:          9931        9735832  [B (java.base@17.0.15)
                   2:           283         149424  [Ljava.util.TimerTask; (java.base@17.0.15)
                   3:           283           9056  leaklab.timer.Session
                   4:           283           4528  leaklab.timer.Session$$Lambda$45/0x0000000800c0b000
                Total         43889       13090056
                """);
        assertThat(histogram.totalBytes()).isEqualTo(13_090_056);
        assertThat(histogram.byClass())
                .containsOnlyKeys(
                        "byte[]", "java.util.TimerTask[]", "leaklab.timer.Session", "leaklab.timer.Session$$Lambda");
        assertThat(histogram.instances("leaklab.timer.Session")).isEqualTo(283);
        assertThat(LiveHistogram.isApplication("leaklab.timer.Session")).isTrue();
        assertThat(LiveHistogram.isApplication("java.util.TimerTask[]")).isFalse();
        assertThat(LiveHistogram.isApplication("byte[]")).isFalse();
    }

    @Test
    void a_thread_dump_is_grouped_by_name_pattern_state_and_where_the_threads_wait() {
        ThreadDump dump = ThreadDump.parse("""
                "main" #1 prio=5 os_prio=0 cpu=100ms elapsed=5s tid=0x1 nid=0x2 runnable  [0x3]
                   java.lang.Thread.State: RUNNABLE
                \tat leaklab.timer.TimerDemo.main(TimerDemo.java:40)

                "idle-timeout-user-1" #14 daemon prio=5 os_prio=0 cpu=0.4ms elapsed=4.9s tid=0x4 nid=0x5 in Object.wait()  [0x6]
                   java.lang.Thread.State: TIMED_WAITING (on object monitor)
                \tat java.lang.Object.wait(java.base@17.0.15/Native Method)
                \t- waiting on <0x7> (a java.util.TaskQueue)
                \tat java.util.TimerThread.mainLoop(java.base@17.0.15/Timer.java:563)
                \t- locked <0x7> (a java.util.TaskQueue)
                \tat java.util.TimerThread.run(java.base@17.0.15/Timer.java:516)

                "idle-timeout-user-22" #35 [4711] daemon prio=5 os_prio=0 cpu=0.4ms elapsed=4.9s tid=0x8 nid=4711 in Object.wait()  [0x9]
                   java.lang.Thread.State: TIMED_WAITING (on object monitor)
                \tat java.lang.Object.wait0(java.base@25/Native Method)
                \tat java.lang.Object.wait(java.base@25/Object.java:389)
                \tat java.util.TimerThread.mainLoop(java.base@25/Timer.java:563)

                "GC Thread#0" os_prio=0 cpu=10ms elapsed=5s tid=0xa nid=0xb runnable
                """);
        assertThat(dump.threads())
                .extracting(ThreadDump.Thread::name)
                .containsExactly("main", "idle-timeout-user-1", "idle-timeout-user-22");
        assertThat(dump.countsByPattern())
                .containsEntry("idle-timeout-user-N", 2)
                .containsEntry("main", 1);
        ThreadDump.Group timers = dump.groups().get(0);
        assertThat(timers.pattern()).isEqualTo("idle-timeout-user-N");
        assertThat(timers.prefix()).isEqualTo("idle-timeout-user-");
        assertThat(timers.state()).isEqualTo("TIMED_WAITING");
        assertThat(timers.waitsIn()).isEqualTo("java.util.TimerThread.mainLoop(Timer.java:563)");
        assertThat(timers.count()).isEqualTo(2);
    }

    @Test
    void file_descriptors_are_grouped_by_kind_and_target() {
        List<String> targets = List.of(
                "/dev/null",
                "socket:[4711]",
                "socket:[4712]",
                "pipe:[33]",
                "anon_inode:[eventpoll]",
                "/var/log/app.log (deleted)");
        assertThat(FileDescriptors.countsByKind(targets))
                .containsEntry("file", 2)
                .containsEntry("socket", 2)
                .containsEntry("pipe", 1)
                .containsEntry("anon_inode", 1)
                .containsEntry("other", 0);
        assertThat(FileDescriptors.groups(targets).get(0)).isEqualTo(new FileDescriptors.Group("socket", "socket", 2));
        assertThat(FileDescriptors.KINDS).containsExactlyElementsOf(ExpectedVerdict.FD_KINDS);
    }

    @Test
    void this_jvms_performance_counters_are_read_from_its_file() {
        PerfCounters counters =
                PerfCounters.read(PerfCounters.file(ProcessHandle.current().pid()));
        assertThat(counters.isEmpty())
                .as("this JVM keeps counters (no -XX:-UsePerfData)")
                .isFalse();
        assertThat(counters.liveThreads().orElseThrow()).isPositive();
        assertThat(counters.heapUsed().orElseThrow()).isPositive();
        assertThat(counters.loadedClasses().orElseThrow()).isGreaterThan(500);
        assertThat(counters.vmVersion())
                .startsWith(Integer.toString(Runtime.version().feature()));
    }

    @Test
    void the_verdict_kinds_are_the_catalogs() {
        Set<String> words = Stream.of(Finding.Kind.values())
                .filter(k -> k != Finding.Kind.NO_LEAK)
                .map(Finding.Kind::word)
                .collect(Collectors.toSet());
        assertThat(words).containsExactlyInAnyOrderElementsOf(ExpectedVerdict.KINDS);
    }
}
