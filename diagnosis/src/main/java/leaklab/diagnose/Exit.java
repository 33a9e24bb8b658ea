package leaklab.diagnose;

/**
 * The tool's exit codes, one per outcome, so that a script can tell them apart. Every code above 1
 * comes with one line on standard error that says what to do.
 */
public enum Exit {
    NO_LEAK(0, "the diagnosis ran and found no leak"),
    LEAK(1, "the diagnosis ran and found a leak (the verdict says which)"),
    USAGE(2, "a bad command line"),
    NO_SUCH_PROCESS(3, "no process with that pid, or no JVM with that main class"),
    NOT_A_JVM(4, "the process is not a JVM"),
    ATTACH_REFUSED(5, "the JVM refuses the attach: another user's, or started with -XX:+DisableAttachMechanism"),
    TARGET_EXITED(6, "the JVM exited during sampling"),
    DUMP_MISSING(7, "no heap dump file at that path"),
    DUMP_NOT_HPROF(8, "the file is not an HPROF heap dump"),
    DUMP_TRUNCATED(9, "the heap dump is cut short"),
    TOO_BIG(10, "the heap dump is too big for the tool's own memory"),
    FAILED(11, "the JVM or the dump could not be read for another reason, given in the message");

    private final int code;
    private final String meaning;

    Exit(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
