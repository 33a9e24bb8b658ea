package leaklab.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.leaklab.leakcheck.heap.PathGroup;
import io.github.leaklab.leakcheck.heap.Retention;
import io.github.leaklab.leakcheck.heap.Sizes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The verdict's order when several figures rise, on made-up measurements: a heap leak and a thread
 * leak together are told apart by whether the growing objects stay held with the leaked threads
 * left out; file descriptors come before the heap that holds their small objects.
 */
class DiagnosisTest {

    static final String SESSION = "app.Session";

    @Test
    void objects_held_by_something_besides_the_leaked_threads_make_a_heap_leak_first() {
        Diagnosis d = Diagnosis.of(sessionsAndWorkersGrow(), planFor(sessionsAndWorkersGrow()), heapEvidence(600, 600));

        assertThat(d.findings())
                .extracting(Finding::kind)
                .containsExactly(Finding.Kind.HEAP_LEAK, Finding.Kind.THREAD_LEAK);
        assertThat(d.verdict().suspect()).isEqualTo(SESSION);
        assertThat(d.verdict().path()).containsExactly("Registry.sessions", "HashMap[x]");
        assertThat(d.findings().get(1).suspect()).isEqualTo("worker-");
    }

    @Test
    void objects_held_by_the_leaked_threads_alone_make_a_thread_leak_first() {
        Diagnosis d = Diagnosis.of(sessionsAndWorkersGrow(), planFor(sessionsAndWorkersGrow()), heapEvidence(600, 3));

        assertThat(d.findings()).extracting(Finding::kind).containsExactly(Finding.Kind.THREAD_LEAK);
        assertThat(d.verdict().suspect()).isEqualTo("worker-");
        assertThat(d.verdict().summary())
                .contains("with the leaked threads left out, 3 of the 600 app.Session in the dump are still held");
    }

    @Test
    void without_a_heap_dump_the_thread_leak_comes_first() {
        Observations o = sessionsAndWorkersGrow();
        Diagnosis d = Diagnosis.of(o, planFor(o), HeapEvidence.none("no heap dump: --no-dump"));

        assertThat(d.findings())
                .extracting(Finding::kind)
                .containsExactly(Finding.Kind.THREAD_LEAK, Finding.Kind.HEAP_LEAK);
    }

    @Test
    void a_fixed_program_gets_no_leak_found() {
        Observations o = observations(
                flat(5_000_000L),
                flat(20L),
                flat(30L),
                histograms(0),
                threads(10, 10),
                List.of("/dev/null"),
                List.of("/dev/null"));
        Diagnosis d = Diagnosis.of(o, planFor(o), HeapEvidence.none(""));

        assertThat(d.findings()).extracting(Finding::kind).containsExactly(Finding.Kind.NO_LEAK);
        assertThat(d.verdict().suspect()).isEmpty();
    }

    @Test
    void descriptors_that_pile_up_come_before_the_heap_that_holds_them() {
        List<String> before = List.of("/dev/null", "socket:[1]");
        List<String> after = new ArrayList<>(before);
        for (int i = 2; i < 200; i++) {
            after.add("socket:[" + i + "]");
        }
        Observations o = observations(
                rising(5_000_000L, 2_000_000L),
                flat(20L),
                rising(2L, 50L),
                histograms(200),
                threads(10, 10),
                before,
                after);
        Diagnosis d = Diagnosis.of(o, planFor(o), heapEvidence(200, 200));

        assertThat(d.findings())
                .extracting(Finding::kind)
                .containsExactly(Finding.Kind.FD_LEAK, Finding.Kind.HEAP_LEAK);
        assertThat(d.verdict().suspect()).isEqualTo("socket");
        assertThat(d.verdict().summary()).contains("open socket descriptors pile up: 1, then 199 (+198)");
    }

    // What the sampler would have measured: 600 sessions and 600 worker threads added in the window.

    static Observations sessionsAndWorkersGrow() {
        return observations(
                rising(5_000_000L, 5_000_000L),
                rising(20L, 150L),
                flat(30L),
                histograms(150),
                threads(10, 610),
                List.of("/dev/null"),
                List.of("/dev/null"));
    }

    static Diagnosis.Plan planFor(Observations o) {
        return Diagnosis.plan(o);
    }

    /** The dump's answer for the sessions with the leaked worker threads left out. */
    static HeapEvidence heapEvidence(int found, int heldWithoutThreads) {
        Retention without = new Retention(
                "instances of " + SESSION,
                found,
                heldWithoutThreads,
                heldWithoutThreads * 1024L,
                List.of(new PathGroup(
                        "Registry.sessions -> HashMap[x]",
                        List.of("Registry.sessions", "HashMap[x]"),
                        heldWithoutThreads,
                        heldWithoutThreads * 1024L,
                        "(trace)")));
        return new HeapEvidence(
                true,
                "",
                10 << 20,
                100,
                List.of(new HeapEvidence.Suspect(SESSION, null, without, List.of("worker-N"))));
    }

    static List<Long> flat(long value) {
        return List.of(value, value, value, value, value);
    }

    static List<Long> rising(long first, long step) {
        List<Long> floors = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            floors.add(first + i * step);
        }
        return floors;
    }

    /** Five histograms in which app.Session gains {@code perPoint} instances at each. */
    static List<LiveHistogram> histograms(int perPoint) {
        List<LiveHistogram> histograms = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Map<String, long[]> byClass = new LinkedHashMap<>();
            byClass.put(SESSION, new long[] {(long) i * perPoint, i * perPoint * 40L});
            byClass.put("java.lang.String", new long[] {1000, 24_000});
            histograms.add(new LiveHistogram(byClass, 1000 + (long) i * perPoint, 24_000 + i * perPoint * 40L));
        }
        return histograms;
    }

    static ThreadDump threads(int main, int workers) {
        StringBuilder dump = new StringBuilder();
        for (int i = 0; i < main; i++) {
            dump.append("\"main-")
                    .append(i)
                    .append("\" #")
                    .append(i)
                    .append(" prio=5 tid=0x1 nid=0x1 runnable\n")
                    .append("   java.lang.Thread.State: RUNNABLE\n\tat app.Main.main(Main.java:1)\n\n");
        }
        for (int i = 0; i < workers; i++) {
            dump.append("\"worker-")
                    .append(i)
                    .append("\" #")
                    .append(1000 + i)
                    .append(" daemon prio=5 tid=0x1 nid=0x1 waiting\n")
                    .append("   java.lang.Thread.State: WAITING (parking)\n")
                    .append("\tat jdk.internal.misc.Unsafe.park(java.base@17/Native Method)\n")
                    .append("\tat app.Worker.await(Worker.java:12)\n\n");
        }
        return ThreadDump.parse(dump.toString());
    }

    static Observations observations(
            List<Long> heap,
            List<Long> threadFloors,
            List<Long> fdFloors,
            List<LiveHistogram> histograms,
            ThreadDump lastThreads,
            List<String> firstFds,
            List<String> lastFds) {
        Trend heapTrend = Trend.of("the live heap", heap, Math.max(1L << 20, heap.get(0) / 20), Sizes::format);
        Trend threadTrend = Trend.of("live threads", threadFloors, Sampler.COUNT_NOISE, Long::toString);
        Trend fdTrend = Trend.of("open files", fdFloors, Sampler.COUNT_NOISE, Long::toString);
        Trend none = Trend.of("direct buffers", flat(3L), 5, Long::toString);
        return new Observations(
                4711,
                "app.Main",
                "17",
                8,
                heap,
                6,
                heapTrend,
                threadTrend,
                fdTrend,
                none,
                Trend.of("loaded classes", flat(900L), 200, Long::toString),
                histograms,
                threads(10, 10),
                lastThreads,
                firstFds,
                lastFds,
                1024,
                Map.of());
    }
}
