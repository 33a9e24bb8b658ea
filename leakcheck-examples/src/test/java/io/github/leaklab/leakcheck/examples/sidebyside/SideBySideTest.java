package io.github.leaklab.leakcheck.examples.sidebyside;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.leaklab.leakcheck.ThreadReport;
import io.github.leaklab.leakcheck.ThreadSnapshot;
import io.github.leaklab.leakcheck.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.runner.Description;
import org.junit.runner.JUnitCore;
import org.junit.runner.Request;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunListener;

/**
 * leakcheck's thread verdicts beside randomizedtesting-runner's, on the same six cases, in this one
 * JVM: for each case and each tool, the verdict and the time from the workload's return to the
 * verdict. Prints the table; asserts only that leakcheck's verdicts are the true ones (speed is
 * printed, never asserted).
 */
@Tag("measurement") // a measurement to report, run on demand (see the pom), not in every build
class SideBySideTest {

    /** randomizedtesting logs every leak it sees, with stacks; the table says it all. (Held: JUL keeps loggers weakly.) */
    static final java.util.logging.Logger RANDOMIZED_TESTING_LOG =
            java.util.logging.Logger.getLogger("RandomizedRunner");

    /** One tool's verdict on one case. */
    record Verdict(boolean leak, long millis) {
        String cell(boolean truth) {
            return String.format(
                    Locale.ROOT, "%-5s %s %5d ms", leak ? "leak" : "clean", leak == truth ? "right" : "WRONG", millis);
        }
    }

    @Test
    void leakcheck_and_randomizedtesting_judge_the_same_six_thread_cases() throws Exception {
        RANDOMIZED_TESTING_LOG.setLevel(java.util.logging.Level.OFF);
        List<String> rows = new ArrayList<>();
        long[] totals = new long[3];
        int[] right = new int[3];
        List<String> leakcheckWrong = new ArrayList<>();
        for (ThreadCases testCase : ThreadCases.values()) {
            Verdict leakcheck = leakcheck(testCase);
            Verdict lingering1s = randomizedTesting(RandomizedTestingCases.Lingering1s.class, testCase);
            Verdict lingering0 = randomizedTesting(RandomizedTestingCases.Lingering0.class, testCase);
            Verdict[] verdicts = {leakcheck, lingering1s, lingering0};
            for (int i = 0; i < verdicts.length; i++) {
                totals[i] += verdicts[i].millis();
                right[i] += verdicts[i].leak() == testCase.leaks ? 1 : 0;
            }
            if (leakcheck.leak() != testCase.leaks) {
                leakcheckWrong.add(testCase.name());
            }
            rows.add(String.format(
                    Locale.ROOT,
                    "| %-29s | %-5s | %s | %s | %s |",
                    testCase.name().toLowerCase(Locale.ROOT),
                    testCase.leaks ? "leak" : "clean",
                    leakcheck.cell(testCase.leaks),
                    lingering1s.cell(testCase.leaks),
                    lingering0.cell(testCase.leaks)));
        }
        System.out.println("leakcheck beside randomizedtesting-runner 2.9.2 (ThreadLeakScope TEST), one JVM, Java "
                + Runtime.version().feature() + ": verdict, and time from the workload's return to the verdict");
        System.out.println(String.format(
                Locale.ROOT,
                "| %-29s | %-5s | %-20s | %-20s | %-20s |",
                "case",
                "truth",
                "leakcheck (1 s)",
                "randomized, linger 1s",
                "randomized, linger 0"));
        System.out.println("|" + "-".repeat(31) + "|-------|" + "-".repeat(22) + "|" + "-".repeat(22) + "|"
                + "-".repeat(22) + "|");
        rows.forEach(System.out::println);
        System.out.println(String.format(
                Locale.ROOT,
                "| %-29s | %-5s | %d/6 right %6d ms | %d/6 right %6d ms | %d/6 right %6d ms |",
                "all six",
                "",
                right[0],
                totals[0],
                right[1],
                totals[1],
                right[2],
                totals[2]));
        System.out.println(String.format(
                Locale.ROOT,
                "leakcheck's time / randomizedtesting's with 1 s lingering: %.2f",
                (double) totals[0] / totals[1]));

        assertThat(leakcheckWrong).as("cases leakcheck judged wrong").isEmpty();
    }

    /** leakcheck's plain API with its defaults: a snapshot, the workload, the verdict. */
    private static Verdict leakcheck(ThreadCases testCase) throws Exception {
        ThreadSnapshot before = Threads.snapshot();
        testCase.run();
        ThreadReport report = before.leaks();
        long millis = (System.nanoTime() - ThreadCases.returnedAt) / 1_000_000;
        stopAndWait(before);
        return new Verdict(!report.isClean(), millis);
    }

    /** One test of a RandomizedRunner class; the verdict is in when the runner reports the test finished. */
    private static Verdict randomizedTesting(Class<?> runnerClass, ThreadCases testCase) {
        ThreadSnapshot before = Threads.snapshot();
        AtomicBoolean leaked = new AtomicBoolean();
        AtomicLong finishedAt = new AtomicLong();
        JUnitCore junit = new JUnitCore();
        junit.addListener(new RunListener() {
            @Override
            public void testFailure(Failure failure) {
                leaked.set(leaked.get()
                        || failure.getMessage() != null && failure.getMessage().contains("leaked"));
            }

            @Override
            public void testFinished(Description description) {
                finishedAt.set(System.nanoTime());
            }
        });
        junit.run(Request.method(runnerClass, methodName(testCase)));
        long millis = (finishedAt.get() - ThreadCases.returnedAt) / 1_000_000;
        stopAndWait(before);
        return new Verdict(leaked.get(), millis);
    }

    /** Stops what the case leaked and waits for every thread it started to end, so the next case starts clean. */
    private static void stopAndWait(ThreadSnapshot before) {
        ThreadCases.cleanUp();
        ThreadReport left = before.leaks(Duration.ofSeconds(10));
        assertThat(left.isClean()).as("threads left by the case: %s", left).isTrue();
    }

    private static String methodName(ThreadCases testCase) {
        StringBuilder name = new StringBuilder();
        for (String word : testCase.name().toLowerCase(Locale.ROOT).split("_")) {
            name.append(name.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return name.toString();
    }
}
