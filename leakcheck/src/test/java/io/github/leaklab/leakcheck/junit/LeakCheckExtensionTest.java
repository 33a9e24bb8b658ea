package io.github.leaklab.leakcheck.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.leaklab.leakcheck.junit.cases.LeakingCases;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** The extension, run on user-like test classes with the EngineTestKit: each fails what leaks and passes what does not. */
class LeakCheckExtensionTest {

    @AfterEach
    void stopWhatTheCasesLeaked() {
        LeakingCases.CLEAN_UP.forEach(Runnable::run);
        LeakingCases.CLEAN_UP.clear();
    }

    /** The events of the test methods (not of the engine or the class). */
    static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(testClass))
                .execute()
                .testEvents();
    }

    static String failureOf(Events events) {
        List<Event> failed = events.failed().list();
        assertThat(failed).as("failed events").hasSize(1);
        return failed.get(0)
                .getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .orElseThrow()
                .getThrowable()
                .orElseThrow()
                .getMessage();
    }

    @Test
    void a_test_that_leaves_a_timer_running_fails_with_where_the_timer_was_created() {
        String message = failureOf(run(LeakingCases.LeavesATimerRunning.class));

        assertThat(message)
                .startsWith("@LeakCheck: the test \"schedules_a_report()\" leaked.")
                .contains("1 thread started by the test is still running")
                .contains("\"report-timer\"")
                .contains("started at (JFR jdk.ThreadStart):\n      at java.util.Timer.<init>")
                .contains("LeakingCases$LeavesATimerRunning.schedules_a_report(line ")
                .contains("Next: cancel() the java.util.Timer created at")
                // This test JVM has no --add-opens, as a user's would not: the teardown says what it needs.
                .contains("cancelling its Timer from here needs --add-opens java.base/java.util=ALL-UNNAMED");
        System.out.println(message);
    }

    @Test
    void a_test_that_leaves_a_thread_waiting_forever_fails_early_and_the_thread_is_stopped() {
        String message = failureOf(run(LeakingCases.LeavesAThreadWaitingForever.class));

        assertThat(message)
                .contains("\"poller\"")
                .contains("waiting in java.util.concurrent.CountDownLatch.await")
                .contains("decided after")
                .contains("Stopped the leaked thread. The next test starts without it.")
                .contains("Next: make the thread (started at "
                        + LeakingCases.LeavesAThreadWaitingForever.class.getName());
    }

    @Test
    void tests_that_stop_what_they_start_pass() {
        Events events = run(LeakingCases.ShutsItsPoolDown.class);

        assertThat(events.failed().count()).isZero();
        assertThat(events.succeeded().count()).isEqualTo(2);
        assertThat(events.reportingEntryPublished().count()).isEqualTo(4); // threads and descriptors, per test
    }

    @Test
    void threads_ignored_by_name_or_by_top_frame_do_not_fail_a_test() {
        Events events = run(LeakingCases.IgnoresWhatItIsToldTo.class);

        assertThat(events.failed().count()).isZero();
    }

    @Test
    void a_pool_shared_by_the_tests_of_a_class_and_shut_down_after_all_passes_with_class_scope() {
        Events events = run(LeakingCases.SharesAPoolAcrossItsTests.class);

        assertThat(events.failed().count()).isZero();
    }

    @Test
    void a_test_that_keeps_a_stream_open_fails_with_what_holds_it() {
        String message = failureOf(run(LeakingCases.KeepsAStreamOpen.class));

        assertThat(message)
                .contains("1 file descriptor opened by the test is still open")
                .contains("orders.log")
                .contains("KeepsAStreamOpen.OPEN")
                .contains("FileInputStream.fd");
    }

    @Test
    void objects_handed_over_must_be_collected_by_the_end_of_the_test() {
        Events events = run(LeakingCases.HandsObjectsOver.class);

        String message = failureOf(events);
        assertThat(message)
                .startsWith("@LeakCheck: the test \"registers_a_listener_and_never_removes_it(ObjectWatcher)\" leaked.")
                .contains("1 of 1 watched objects is still strongly reachable")
                .contains("HandsObjectsOver.LISTENERS")
                .contains("Watched as: listener of the closed session")
                .contains("run with -Dleakcheck.keepHeapDumps=true to keep this heap dump");
        assertThat(events.succeeded().count()).isEqualTo(1); // drops_what_it_made
    }
}
