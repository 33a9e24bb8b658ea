package io.github.leaklab.leakcheck.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.SoftReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heap-dump API on one dump of this JVM, written once for the class: what it holds is set up
 * before the dump, in methods that return nothing, so no test's stack holds any of it.
 */
class HeapDumpTest {

    /** A registry that only grows: the classic leak. */
    static final List<Object> REGISTRY = new ArrayList<>();

    static final int MARKERS = 5_000;
    static final List<SoftReference<Object>> SOFTLY = new ArrayList<>();
    static final List<WatchedReference> WATCHED = new ArrayList<>();

    static final class Listener {
        final byte[] buffer = new byte[64 * 1024];
    }

    static final class Marker {}

    static final class OnlySoftlyReachable {
        final byte[] buffer = new byte[1024];
    }

    @TempDir
    static Path dir;

    static Path dumpFile;
    /** The dump every test asks, opened once: reading a dump's index is most of the cost of opening it. */
    static HeapDump dump;

    @BeforeAll
    static void dumpThisJvmOnce() throws IOException {
        fillTheHeap();
        dumpFile = dir.resolve("test.hprof");
        try (HeapDump written = HeapDump.ofThisJvm(dumpFile, true)) {
            assertThat(written.file()).isEqualTo(dumpFile);
        }
        dump = HeapDump.open(dumpFile);
    }

    private static void fillTheHeap() {
        for (int i = 0; i < 3; i++) {
            Listener listener = new Listener();
            REGISTRY.add(listener);
            WATCHED.add(new WatchedReference(listener, 7, "registered listener " + i));
        }
        for (int i = 0; i < MARKERS; i++) {
            REGISTRY.add(new Marker());
        }
        Listener captured = new Listener();
        Runnable callback = () -> System.out.println(captured.buffer.length);
        REGISTRY.add(callback);
        WATCHED.add(new WatchedReference(captured, 7, "listener captured by a lambda"));
        // A full GC (the dump's) frees what only a weak reference reaches, but keeps this while memory lasts.
        OnlySoftlyReachable soft = new OnlySoftlyReachable();
        SOFTLY.add(new SoftReference<>(soft));
        WATCHED.add(new WatchedReference(soft, 7, "softly reachable"));
    }

    @AfterAll
    static void release() {
        dump.close();
        REGISTRY.clear();
        WATCHED.clear();
        SOFTLY.clear();
    }

    @Test
    void paths_to_a_class_lead_from_the_static_field_that_holds_its_instances() throws IOException {
        Retention listeners = dump.pathsTo(Listener.class.getName());

        assertThat(listeners.found()).isEqualTo(4);
        assertThat(listeners.retained()).isEqualTo(4);
        assertThat(listeners.retainedBytes()).isGreaterThanOrEqualTo(4 * 64 * 1024);
        assertThat(listeners.groups()).extracting(PathGroup::count).containsExactly(3, 1);
        assertThat(listeners.groups().get(0).shape()).endsWith("HeapDumpTest.REGISTRY -> ArrayList[x]");
        assertThat(listeners.shortestPathHops()).contains("HeapDumpTest.REGISTRY");
        // One unit system: Shark's own "kB" is rewritten.
        assertThat(listeners.toString())
                .contains("4 of 4 instances of " + Listener.class.getName() + " are strongly reachable, retaining ")
                .contains(" KiB")
                .doesNotContain(" kB");
        assertThat(listeners.shortestPath())
                .contains("Retaining 64.0 KiB in 2 objects")
                .doesNotContain("kB");
        System.out.println(listeners);
    }

    @Test
    void watched_objects_are_traced_under_their_description_and_lambda_names_are_stable() throws IOException {
        Retention watched = dump.pathsToWatched(7);
        Retention nothing = dump.pathsToWatched(8);

        // Five watched, four strongly reachable: the fifth only through a soft reference.
        assertThat(watched.found()).isEqualTo(5);
        assertThat(watched.retained()).isEqualTo(4);
        assertThat(watched.groups()).hasSize(2);
        assertThat(watched.groups().get(0).trace()).containsPattern("Watched as: registered listener [012]");
        assertThat(watched.groups().get(1).trace())
                .contains("Watched as: listener captured by a lambda")
                .contains("HeapDumpTest$$Lambda")
                .doesNotContainPattern("Lambda[$/+]?\\d")
                .doesNotContain("0x");
        assertThat(watched.toString()).doesNotContain("softly reachable");
        assertThat(nothing.found()).isZero();
    }

    @Test
    void a_class_name_test_selects_instances_and_an_absent_class_finds_nothing() throws IOException {
        Retention markers = dump.pathsTo("markers", name -> name.endsWith("HeapDumpTest$Marker"));
        Retention absent = dump.pathsTo("com.example.NoSuchClass");

        assertThat(markers.retained()).isEqualTo(MARKERS);
        assertThat(markers.groups())
                .singleElement()
                .extracting(PathGroup::count)
                .isEqualTo(MARKERS);
        assertThat(absent.found()).isZero();
        assertThat(absent.toString()).isEqualTo("No instances of com.example.NoSuchClass in the heap dump.");
    }

    @Test
    void the_histogram_counts_every_instance_of_a_class() {
        ClassHistogram all = dump.histogram(Integer.MAX_VALUE);
        ClassHistogram top = dump.histogram(5);

        assertThat(all.rows())
                .filteredOn(row -> row.className().equals(Marker.class.getName()))
                .singleElement()
                .extracting(ClassHistogram.Row::instances)
                .isEqualTo((long) MARKERS);
        assertThat(all.rows()).anyMatch(row -> row.className().endsWith("HeapDumpTest$$Lambda"));
        assertThat(all.rows())
                .noneMatch(row ->
                        row.className().contains("Lambda$") || row.className().contains("0x"));
        assertThat(top.rows()).hasSize(5);
        assertThat(top.rows().get(0).shallowBytes())
                .isGreaterThanOrEqualTo(top.rows().get(4).shallowBytes());
        assertThat(top.toString()).contains("rank").contains("total");
        System.out.println(top);
    }

    @Test
    void a_missing_file_is_refused_in_one_line() {
        assertThatThrownBy(() -> HeapDump.open(Path.of("no-such-dump.hprof")))
                .isInstanceOf(HeapDumpException.class)
                .hasMessage("No heap dump at no-such-dump.hprof: the file does not exist.")
                .extracting(e -> ((HeapDumpException) e).reason())
                .isEqualTo(HeapDumpException.Reason.MISSING);
        assertThatThrownBy(() -> HeapDump.open(dir)).hasMessageEndingWith("is a directory, not a heap dump file.");
    }

    @Test
    void a_file_that_is_not_a_heap_dump_is_refused_in_one_line() throws IOException {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "not a heap dump\n");
        Path gzipped = dir.resolve("test.hprof.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
            out.write(Files.readAllBytes(dumpFile), 0, 4096);
        }

        assertThatThrownBy(() -> HeapDump.open(notes))
                .isInstanceOf(HeapDumpException.class)
                .hasMessageContaining("notes.txt is not a heap dump: an HPROF file starts with \"JAVA PROFILE 1.0.2\"")
                .hasMessageNotContaining("\n")
                .extracting(e -> ((HeapDumpException) e).reason())
                .isEqualTo(HeapDumpException.Reason.NOT_HPROF);
        assertThatThrownBy(() -> HeapDump.open(gzipped))
                .hasMessageContaining("is gzip-compressed")
                .hasMessageContaining("gunzip");
    }

    @Test
    void a_truncated_dump_is_refused_in_one_line_wherever_it_was_cut() throws IOException {
        byte[] whole = Files.readAllBytes(dumpFile);
        Path half = Files.write(dir.resolve("half.hprof"), Arrays.copyOf(whole, whole.length / 2));
        // HotSpot ends a dump with a 9-byte HEAP DUMP END record: without it, every record is whole.
        Path noEnd = Files.write(dir.resolve("no-end.hprof"), Arrays.copyOf(whole, whole.length - 9));
        Path header = Files.write(dir.resolve("header.hprof"), Arrays.copyOf(whole, 20));

        assertThatThrownBy(() -> HeapDump.open(half))
                .isInstanceOf(HeapDumpException.class)
                .hasMessageContaining("half.hprof is truncated: it ends at byte " + whole.length / 2)
                .hasMessageNotContaining("\n")
                .extracting(e -> ((HeapDumpException) e).reason())
                .isEqualTo(HeapDumpException.Reason.TRUNCATED);
        assertThatThrownBy(() -> HeapDump.open(noEnd))
                .hasMessageContaining("no-end.hprof is truncated: its heap dump has no end record");
        assertThatThrownBy(() -> HeapDump.open(header)).hasMessageContaining("header.hprof is truncated");
    }

    @Test
    void lambda_names_lose_their_per_run_suffix_and_the_underline_follows_the_name() {
        String jdk17 = String.join(
                "\n",
                "├─ leaklab.Cache$$Lambda$89/0x0000000800c0b000 instance",
                "│    ↓ Cache$$Lambda$89/0x0000000800c0b000.arg$1",
                "│                                          ~~~~~");

        assertThat(HeapDump.normalise(jdk17))
                .isEqualTo(String.join(
                        "\n",
                        "├─ leaklab.Cache$$Lambda instance",
                        "│    ↓ Cache$$Lambda.arg$1",
                        "│                    ~~~~~"));
        assertThat(HeapDump.normalise("Cache$$Lambda/0x000071c3a8003c00.arg$1")).isEqualTo("Cache$$Lambda.arg$1");
        assertThat(HeapDump.normalise("Cache$$Lambda$14+0x000071c3a8003c00 instance"))
                .isEqualTo("Cache$$Lambda instance");
    }

    @Test
    void sizes_are_written_in_binary_units() {
        assertThat(Sizes.format(512)).isEqualTo("512 B");
        assertThat(Sizes.format(256 * 1024)).isEqualTo("256.0 KiB");
        assertThat(Sizes.format(1.5 * 1024 * 1024)).isEqualTo("1.5 MiB");
    }
}
