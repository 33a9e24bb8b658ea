package leaklab.leakcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Run by its own Surefire execution in a JVM started with -XX:+DisableExplicitGC, where
 * System.gc() does nothing: a watcher that trusted it would call every object a leak.
 */
@EnabledIfSystemProperty(named = "leakcheck.explicitGcDisabledRun", matches = "true")
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DisableExplicitGcTest {

    static final List<Object> HELD = new ArrayList<>();

    @BeforeEach
    void theJvmReallyIgnoresSystemGc() {
        assertThat(ObjectWatcher.explicitGcDisabled()).isTrue();
    }

    @AfterEach
    void release() {
        HELD.clear();
    }

    @Test
    void garbage_is_still_judged_collected() {
        ObjectWatcher watcher = new ObjectWatcher();
        Watch.garbage(watcher);
        assertThat(watcher.awaitVerdict().isClean()).isTrue();
    }

    @Test
    void a_held_object_is_still_judged_retained() {
        ObjectWatcher watcher = new ObjectWatcher();
        Watch.heldBy(HELD, watcher);
        RetentionReport report = watcher.awaitVerdict();
        assertThat(report.retainedCount()).isEqualTo(1);
        assertThat(report.pathSignature()).contains("DisableExplicitGcTest.HELD");
    }
}
