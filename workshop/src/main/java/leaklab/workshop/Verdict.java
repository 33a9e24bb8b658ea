package leaklab.workshop;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What running an exercise's tests against one version of its code found.
 *
 * @param outcome solved, failing, no test ran, timed out, not even compiling, or the test JVM broke
 * @param testsRun how many tests ran
 * @param failures the tests (or test classes) that failed or aborted, in the order they ran
 * @param skipped the tests or test classes that were skipped (@Disabled, a condition), in order
 * @param problem for an outcome without failures, what went wrong: javac's errors, why no test ran,
 *     what the test JVM said when it broke
 * @param timeout where the tests were stuck, when they ran out of time; null otherwise
 * @param took how long compiling and testing took
 */
record Verdict(
        Outcome outcome,
        int testsRun,
        List<Failure> failures,
        List<Skipped> skipped,
        String problem,
        Timeout timeout,
        Duration took) {

    enum Outcome {
        SOLVED,
        FAILING,
        NO_TEST_RAN,
        TIMED_OUT,
        DOES_NOT_COMPILE,
        BROKE
    }

    /**
     * One failed test.
     *
     * @param test the test's display name, a sentence saying what it proves
     * @param assertion whether it failed on an assertion, the way a leak check fails (not an
     *     exception, not a timeout)
     * @param message the assertion's message, or the exception with the frames that matter
     */
    record Failure(String test, boolean assertion, String message) {

        boolean isAssertion() {
            return assertion;
        }
    }

    /**
     * A test, or a test class with all its tests, that did not run.
     *
     * @param name its display name
     * @param reason JUnit's reason ("class ... is @Disabled", or the annotation's text)
     * @param tests how many tests that is
     */
    record Skipped(String name, String reason, int tests) {}

    /**
     * Where the tests were when the time limit ran out.
     *
     * @param limit the exercise's time limit
     * @param test the display name of the test (or class) that was running, or empty
     * @param stuck the call that never returned and the frames around it; null when the test JVM
     *     did not answer at all
     */
    record Timeout(Duration limit, String test, StuckCall stuck) {

        /** "timed out after 20 s: ImportWorkers.close() never returned". */
        String headline() {
            String after = "timed out after " + limit.toSeconds() + " s";
            if (stuck == null) {
                return after + ": the tests' JVM did not stop at the limit and was ended, so no stack could be taken";
            }
            if (!stuck.call().isEmpty()) {
                return after + ": " + stuck.call() + " never returned";
            }
            return after + (test.isEmpty() ? " before the tests ended" : ": the test \"" + test + "\" never ended");
        }
    }

    static Verdict doesNotCompile(String compilerErrors, Duration took) {
        return new Verdict(Outcome.DOES_NOT_COMPILE, 0, List.of(), List.of(), compilerErrors, null, took);
    }

    static Verdict noTestRan(String why, List<Skipped> skipped, Duration took) {
        return new Verdict(Outcome.NO_TEST_RAN, 0, List.of(), List.copyOf(skipped), why, null, took);
    }

    static Verdict broke(String what, Duration took) {
        return new Verdict(Outcome.BROKE, 0, List.of(), List.of(), what, null, took);
    }

    static Verdict timedOut(
            Timeout timeout, int testsRun, List<Failure> failures, List<Skipped> skipped, Duration took) {
        return new Verdict(Outcome.TIMED_OUT, testsRun, List.copyOf(failures), List.copyOf(skipped), "", timeout, took);
    }

    /** Solved means every test ran and passed: a skipped test leaves the exercise failing. */
    static Verdict ran(int testsRun, List<Failure> failures, List<Skipped> skipped, Duration took) {
        Outcome outcome = testsRun > 0 && failures.isEmpty() && skipped.isEmpty() ? Outcome.SOLVED : Outcome.FAILING;
        return new Verdict(outcome, testsRun, List.copyOf(failures), List.copyOf(skipped), "", null, took);
    }

    boolean isSolved() {
        return outcome == Outcome.SOLVED;
    }

    /** The same verdict with every failure's message passed through {@code rewrite}. */
    Verdict withMessages(UnaryOperator<String> rewrite) {
        List<Failure> rewritten = failures.stream()
                .map(failure -> new Failure(failure.test(), failure.assertion(), rewrite.apply(failure.message())))
                .toList();
        return new Verdict(outcome, testsRun, rewritten, skipped, problem, timeout, took);
    }

    /** Every failure's message, for checking what the starter fails on. */
    String allMessages() {
        StringBuilder out = new StringBuilder();
        for (Failure failure : failures) {
            out.append(failure.test()).append(":\n").append(failure.message()).append("\n\n");
        }
        return out.toString();
    }

    /** The full report for a person: each failing test's name and message, indented. */
    String describe() {
        return switch (outcome) {
            case SOLVED -> "All " + testsRun + " tests pass.";
            case DOES_NOT_COMPILE -> "It does not compile:\n" + indent(problem);
            case NO_TEST_RAN, BROKE -> problem;
            case TIMED_OUT -> timeout.headline() + "." + stuckAt() + failuresAndSkipped("Before that, ");
            case FAILING -> {
                String summary;
                if (failures.isEmpty()) {
                    summary =
                            (testsRun == 1 ? "The 1 test that ran passes" : "The " + testsRun + " tests that ran pass")
                                    + ", but not every test ran.";
                } else if (testsRun == 0) {
                    summary = "The tests fail before any of them runs.";
                } else {
                    summary = failures.size() + " of " + testsRun + (testsRun == 1 ? " test fails." : " tests fail.");
                }
                yield summary + failuresAndSkipped("");
            }
        };
    }

    private String stuckAt() {
        if (timeout.stuck() == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        if (!timeout.test().isEmpty()) {
            out.append("\n\nStuck in: ").append(timeout.test());
        }
        StuckCall stuck = timeout.stuck();
        if (!stuck.exerciseFrames().isEmpty()) {
            out.append("\n  The exercise's code, where it is stuck:");
            stuck.exerciseFrames().forEach(frame -> out.append("\n    at ").append(frame));
        }
        if (!stuck.innerFrames().isEmpty()) {
            out.append(
                    stuck.exerciseFrames().isEmpty()
                            ? "\n  The stack:"
                            : "\n  And what it called, where it waits or spins:");
            stuck.innerFrames()
                    .forEach(frame -> out.append("\n    ")
                            .append(frame.startsWith("...") ? "" : "at ")
                            .append(frame));
        }
        return out.toString();
    }

    private String failuresAndSkipped(String lead) {
        StringBuilder out = new StringBuilder();
        if (!failures.isEmpty() && !lead.isEmpty()) {
            out.append("\n\n")
                    .append(lead)
                    .append(failures.size())
                    .append(failures.size() == 1 ? " test failed:" : " tests failed:");
        }
        for (Failure failure : failures) {
            out.append("\n\nFailing: ").append(failure.test()).append('\n').append(indent(failure.message()));
        }
        if (!skipped.isEmpty()) {
            out.append("\n\n")
                    .append(skippedList())
                    .append("\n")
                    .append("Solved means every test runs and passes: remove the @Disabled (or what else skips them).");
        }
        return out.toString();
    }

    /** "Not run: 3 tests" and one line per skipped test or class, with JUnit's reason. */
    String skippedList() {
        int tests = skipped.stream().mapToInt(Skipped::tests).sum();
        StringBuilder out = new StringBuilder("Not run: ").append(tests).append(tests == 1 ? " test" : " tests");
        for (Skipped skip : skipped) {
            out.append("\n  ").append(skip.name());
            if (skip.tests() != 1) {
                out.append(" (").append(skip.tests()).append(" tests)");
            }
            if (!skip.reason().isEmpty()) {
                out.append(": ").append(skip.reason());
            }
        }
        return out.toString();
    }

    private static String indent(String text) {
        return text.strip().indent(2).stripTrailing();
    }
}
