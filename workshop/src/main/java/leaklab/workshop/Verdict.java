package leaklab.workshop;

import java.time.Duration;
import java.util.List;

/**
 * What running an exercise's tests against one version of its code found.
 *
 * @param outcome solved, failing, or not even compiling
 * @param testsRun how many tests ran
 * @param failures the tests that failed (or aborted), in the order they ran
 * @param compilerErrors javac's errors, one per line, when the code does not compile
 * @param took how long compiling and testing took
 */
record Verdict(Outcome outcome, int testsRun, List<Failure> failures, String compilerErrors, Duration took) {

    enum Outcome { SOLVED, FAILING, DOES_NOT_COMPILE }

    /**
     * One failed test.
     *
     * @param test the test's display name, a sentence saying what it proves
     * @param error what it threw
     */
    record Failure(String test, Throwable error) {

        /** A failed assertion, the way a leak check fails; not an exception, not a timeout. */
        boolean isAssertion() {
            return error instanceof AssertionError;
        }

        /** The assertion's message, or the exception with the frames that matter. */
        String message() {
            if (isAssertion()) {
                return String.valueOf(error.getMessage());
            }
            StringBuilder out = new StringBuilder(error.toString());
            int shown = 0;
            for (StackTraceElement frame : error.getStackTrace()) {
                out.append("\n    at ").append(frame);
                if (++shown == 8) {
                    out.append("\n    ...");
                    break;
                }
            }
            return out.toString();
        }
    }

    static Verdict doesNotCompile(String compilerErrors, Duration took) {
        return new Verdict(Outcome.DOES_NOT_COMPILE, 0, List.of(), compilerErrors, took);
    }

    static Verdict ran(int testsRun, List<Failure> failures, Duration took) {
        Outcome outcome = testsRun > 0 && failures.isEmpty() ? Outcome.SOLVED : Outcome.FAILING;
        return new Verdict(outcome, testsRun, List.copyOf(failures), "", took);
    }

    boolean isSolved() {
        return outcome == Outcome.SOLVED;
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
            case DOES_NOT_COMPILE -> "It does not compile:\n" + indent(compilerErrors);
            case FAILING -> {
                if (testsRun == 0 && failures.isEmpty()) {
                    yield "No test ran: the exercise's tests were not found.";
                }
                StringBuilder out = new StringBuilder();
                out.append(failures.size()).append(" of ").append(testsRun)
                        .append(testsRun == 1 ? " test fails." : " tests fail.");
                for (Failure failure : failures) {
                    out.append("\n\n").append("Failing: ").append(failure.test()).append('\n')
                            .append(indent(failure.message()));
                }
                yield out.toString();
            }
        };
    }

    private static String indent(String text) {
        return text.strip().indent(2).stripTrailing();
    }
}
