package io.github.leaklab.leakcheck.examples;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs an example test class (a user's, with {@code @LeakCheck}) with the JUnit Platform's
 * EngineTestKit, inside a test of this module that passes: the example's failure is read, not
 * suffered. Each result prints the verdicts and how long each took, as the extension published them.
 */
public final class Examples {

    private Examples() {}

    /** What running one example class gave. */
    public record Result(Class<?> example, long failed, long succeeded, List<String> failures, List<String> verdicts) {

        /** The one failure's message (an example class has one test). */
        public String failure() {
            if (failures.size() != 1) {
                throw new AssertionError(example.getSimpleName() + ": expected one failed test, got " + failures.size()
                        + ": " + failures);
            }
            return failures.get(0);
        }

        /** {@code OkHttpClientNeverShutDown: failed; threads LEAK in 1135 ms, fileDescriptors UNTIL_GC in 993 ms}. */
        public String summary() {
            return example.getSimpleName() + ": " + (failed > 0 ? "failed" : "passed") + "; "
                    + String.join(", ", verdicts);
        }
    }

    public static Result run(Class<?> example) {
        Events tests = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(example))
                .execute()
                .testEvents();
        List<String> failures = tests.failed().stream()
                .map(event -> event.getPayload(TestExecutionResult.class)
                        .orElseThrow()
                        .getThrowable()
                        .orElseThrow()
                        .getMessage())
                .toList();
        List<String> verdicts = tests.reportingEntryPublished().stream()
                .map(event -> event.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs())
                .flatMap(pairs -> pairs.entrySet().stream())
                .filter(entry -> entry.getKey().startsWith("leakcheck."))
                .map(entry -> entry.getKey().substring("leakcheck.".length()) + " " + entry.getValue())
                .collect(Collectors.toList());
        Result result =
                new Result(example, tests.failed().count(), tests.succeeded().count(), failures, verdicts);
        System.out.println(result.summary());
        return result;
    }
}
