package io.github.leaklab.leakcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.SoftReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reachability verdicts, both ways. */
class ObjectWatcherTest {

    /** The classic leak: a static registry that only grows. */
    static final List<Object> REGISTRY = new ArrayList<>();

    static final List<Object> SOFTLY = new ArrayList<>();

    static final class Listener {
        final byte[] buffer = new byte[64 * 1024];
    }

    @AfterEach
    void forgetTheRegistry() {
        REGISTRY.clear();
        SOFTLY.clear();
    }

    @Test
    void an_object_held_by_a_static_list_is_retained_with_its_description_in_the_path(@TempDir Path dumps) {
        ObjectWatcher watcher = new ObjectWatcher().keepingHeapDumpsIn(dumps);
        registerListeners(3, watcher);

        RetentionReport report = watcher.leaks();

        assertThat(report.verdict()).isEqualTo(Verdict.LEAK);
        assertThat(report.retainedCount()).isEqualTo(3);
        assertThat(report.retainedBytes()).isGreaterThanOrEqualTo(3 * 64 * 1024);
        assertThat(report.pathSignature()).contains("ObjectWatcherTest.REGISTRY");
        assertThat(report.toString())
                .contains("3 of 3 watched objects are still strongly reachable, retaining 192.0 KiB")
                .containsPattern("Watched as: listener [012] registered and never removed")
                .contains("Retaining 64.0 KiB in 2 objects")
                .doesNotContain(" kB")
                .contains("Next: clear static ObjectWatcherTest.REGISTRY when the object is done with");
        assertThatThrownBy(report::assertNoLeak)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("REGISTRY");
        // The dump was kept: the report says where, and does not suggest keeping it again.
        assertThat(report.keptHeapDump())
                .hasValueSatisfying(file -> assertThat(Files.exists(file)).isTrue());
        assertThat(report.toString())
                .contains("Heap dump kept at " + report.keptHeapDump().get().toAbsolutePath())
                .doesNotContain("keepHeapDumps");
        System.out.println(report);
    }

    @Test
    void what_nothing_or_only_a_soft_reference_or_the_tests_own_variable_holds_is_no_leak() {
        ObjectWatcher watcher = new ObjectWatcher();
        watcher.watch(new Listener(), "an unreferenced listener");
        keepOnlyASoftReference(watcher);
        Listener stillInScope = new Listener();
        watcher.watch(stillInScope, "a listener only this test's stack holds");

        // The last two are never collected: the heap dump decides that no strong path holds them.
        RetentionReport report = watcher.leaks();

        assertThat(report.verdict()).as(report.toString()).isEqualTo(Verdict.CLEAN);
        assertThat(report.collectedCount()).isEqualTo(3);
        report.assertNoLeak();
    }

    @Test
    void retained_bytes_count_what_objects_keep_alive() {
        List<Listener> listeners = List.of(new Listener(), new Listener());

        assertThat(HeapRetention.retainedBytes(listeners)).isBetween(2L * 64 * 1024, 2L * 64 * 1024 + 1024);
    }

    private static void registerListeners(int count, ObjectWatcher watcher) {
        for (int i = 0; i < count; i++) {
            Listener listener = new Listener();
            REGISTRY.add(listener);
            watcher.watch(listener, "listener " + i + " registered and never removed");
        }
    }

    private static void keepOnlyASoftReference(ObjectWatcher watcher) {
        Listener listener = new Listener();
        SOFTLY.add(new SoftReference<>(listener));
        watcher.watch(listener, "softly reachable listener");
    }
}
