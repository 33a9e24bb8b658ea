package leaklab.leakcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.SoftReference;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ObjectWatcherTest {

    /** The classic leak: a static collection that only grows. */
    static final List<Object> REGISTRY = new ArrayList<>();

    static final class Listener {
        final byte[] buffer = new byte[64 * 1024];
    }

    private final List<Object> keptWeakly = new ArrayList<>();

    @AfterEach
    void forgetTheRegistry() {
        REGISTRY.clear();
    }

    @Test
    void an_object_nobody_references_is_collected() {
        ObjectWatcher watcher = new ObjectWatcher();
        watchAnUnreferencedListener(watcher);

        RetentionReport report = watcher.awaitVerdict();

        assertThat(report.isClean()).as(report.toString()).isTrue();
        assertThat(report.collectedCount()).isEqualTo(1);
        report.assertAllCollected();
    }

    @Test
    void an_object_held_by_a_static_list_is_retained_with_its_path() {
        ObjectWatcher watcher = new ObjectWatcher();
        registerListeners(3, watcher);

        RetentionReport report = watcher.awaitVerdict();

        assertThat(report.retainedCount()).isEqualTo(3);
        assertThat(report.retainedBytes()).isGreaterThanOrEqualTo(3 * 64 * 1024);
        assertThat(report.pathSignature()).contains("ObjectWatcherTest.REGISTRY");
        assertThat(report.shortestPath()).contains("ObjectWatcherTest.REGISTRY").contains("Listener");
        assertThat(report.toString()).contains("3 of 3 watched objects are still strongly reachable")
                .contains("GC.heap_dump");
        assertThatThrownBy(report::assertAllCollected).isInstanceOf(AssertionError.class)
                .hasMessageContaining("REGISTRY");
        System.out.println(report);
    }

    @Test
    void an_object_only_weakly_reachable_is_collected() {
        ObjectWatcher watcher = new ObjectWatcher();
        keepOnlyAWeakReference(watcher);

        assertThat(watcher.awaitVerdict().isClean()).isTrue();
    }

    @Test
    void an_object_only_softly_reachable_is_not_a_leak() {
        ObjectWatcher watcher = new ObjectWatcher();
        keepOnlyASoftReference(watcher);

        // The garbage collector keeps softly reachable objects until it needs the memory,
        // so the weak reference stays set: the heap dump shows there is no strong path.
        RetentionReport report = watcher.awaitVerdict();

        assertThat(report.isClean()).as(report.toString()).isTrue();
    }

    @Test
    void a_lambda_in_the_path_has_a_name_that_is_the_same_on_every_run() {
        ObjectWatcher watcher = new ObjectWatcher();
        Listener listener = new Listener();
        Runnable callback = () -> System.out.println(listener.buffer.length);
        REGISTRY.add(callback);
        watcher.watch(listener, "listener captured by a lambda");

        RetentionReport report = watcher.awaitVerdict();

        assertThat(report.retainedCount()).isEqualTo(1);
        assertThat(report.shortestPath()).contains("$$Lambda").doesNotContainPattern("Lambda[$/+]?\\d")
                .doesNotContain("0x");
    }

    @Test
    void retained_bytes_count_what_an_object_keeps_alive() {
        List<Listener> listeners = List.of(new Listener(), new Listener());

        long bytes = HeapRetention.retainedBytes(listeners);

        assertThat(bytes).isBetween(2L * 64 * 1024, 2L * 64 * 1024 + 1024);
    }

    private static void watchAnUnreferencedListener(ObjectWatcher watcher) {
        watcher.watch(new Listener(), "an unreferenced listener");
    }

    private static void registerListeners(int count, ObjectWatcher watcher) {
        for (int i = 0; i < count; i++) {
            Listener listener = new Listener();
            REGISTRY.add(listener);
            watcher.watch(listener, "listener " + i);
        }
    }

    private void keepOnlyAWeakReference(ObjectWatcher watcher) {
        Listener listener = new Listener();
        keptWeakly.add(new WeakReference<>(listener));
        watcher.watch(listener, "weakly reachable listener");
    }

    private void keepOnlyASoftReference(ObjectWatcher watcher) {
        Listener listener = new Listener();
        keptWeakly.add(new SoftReference<>(listener));
        watcher.watch(listener, "softly reachable listener");
    }
}
