package leaklab.diagnose;

/**
 * Why the tool stops: a one-line message fit to print as it is (what went wrong and what to do),
 * and the exit code that goes with it. The tool prints the message and never a stack trace.
 */
final class DiagnoseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Exit exit;

    DiagnoseException(Exit exit, String message) {
        super(message);
        this.exit = exit;
    }

    DiagnoseException(Exit exit, String message, Throwable cause) {
        super(message, cause);
        this.exit = exit;
    }

    Exit exit() {
        return exit;
    }
}
