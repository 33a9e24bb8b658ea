package leaklab.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reading where a timed-out test was stuck from its thread's stack. */
class StuckCallTest {

    private static final Set<String> LEARNER = Set.of("leaklab.exercise.thread.ImportWorkers");
    private static final Set<String> TESTS = Set.of("leaklab.exercise.thread.ImportWorkersTest");

    @Test
    void the_stuck_call_is_the_outermost_call_into_the_learners_code_with_the_exercise_frames_first() {
        StackTraceElement[] stack = {
            frame("java.lang.Object", "wait", null, -2),
            frame("java.lang.Thread", "join", "Thread.java", 1313),
            frame("leaklab.exercise.thread.ImportWorkers", "awaitWorkers", "ImportWorkers.java", 90),
            frame("leaklab.exercise.thread.ImportWorkers", "close", "ImportWorkers.java", 80),
            frame("leaklab.exercise.thread.ImportWorkersTest", "importFile", "ImportWorkersTest.java", 130),
            frame(
                    "leaklab.exercise.thread.ImportWorkersTest",
                    "closed_pools_leave_no_worker_threads_behind",
                    "ImportWorkersTest.java",
                    60),
            frame("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke0", null, -2),
            frame("org.junit.platform.commons.util.ReflectionUtils", "invokeMethod", "ReflectionUtils.java", 767),
        };

        StuckCall stuck = StuckCall.of(stack, LEARNER, TESTS);

        assertThat(stuck.call()).isEqualTo("ImportWorkers.close()");
        assertThat(stuck.exerciseFrames())
                .containsExactly(
                        "leaklab.exercise.thread.ImportWorkers.awaitWorkers(ImportWorkers.java:90)",
                        "leaklab.exercise.thread.ImportWorkers.close(ImportWorkers.java:80)",
                        "leaklab.exercise.thread.ImportWorkersTest.importFile(ImportWorkersTest.java:130)",
                        "leaklab.exercise.thread.ImportWorkersTest.closed_pools_leave_no_worker_threads_behind"
                                + "(ImportWorkersTest.java:60)");
        assertThat(stuck.innerFrames())
                .containsExactly("java.lang.Object.wait(Native Method)", "java.lang.Thread.join(Thread.java:1313)");
    }

    @Test
    void constructors_lambdas_and_nested_classes_are_named_as_a_learner_reads_them() {
        assertThat(StuckCall.readable(frame("a.ImportWorkers", "<init>", "ImportWorkers.java", 1)))
                .isEqualTo("new ImportWorkers(...)");
        assertThat(StuckCall.readable(frame("a.ImportWorkers", "lambda$close$0", "ImportWorkers.java", 1)))
                .isEqualTo("a lambda in ImportWorkers.close()");
        assertThat(StuckCall.readable(frame("a.ImportWorkers$Worker", "run", "ImportWorkers.java", 1)))
                .isEqualTo("ImportWorkers.Worker.run()");
    }

    @Test
    void a_stack_without_the_learners_code_names_no_call_and_shows_its_top() {
        StackTraceElement[] stack = {
            frame("java.lang.Thread", "sleep", null, -2),
            frame("leaklab.exercise.thread.ImportWorkersTest", "waits", "ImportWorkersTest.java", 12),
        };

        StuckCall stuck = StuckCall.of(stack, LEARNER, TESTS);

        assertThat(stuck.call()).isEmpty();
        assertThat(stuck.exerciseFrames())
                .containsExactly("leaklab.exercise.thread.ImportWorkersTest.waits(ImportWorkersTest.java:12)");
        assertThat(stuck.innerFrames()).containsExactly("java.lang.Thread.sleep(Native Method)");
    }

    private static StackTraceElement frame(String type, String method, String file, int line) {
        return new StackTraceElement(type, method, file, line);
    }
}
