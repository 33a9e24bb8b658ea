package io.github.leaklab.leakcheck.heap;

import java.io.IOException;

/**
 * A heap dump that cannot be read. The message is one line that says what is wrong with the file
 * and what to do, fit to print as it is: {@code leak.hprof is truncated: ...}.
 */
public final class HeapDumpException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What is wrong with the file. */
    public enum Reason {
        /** No file at that path, or a directory. */
        MISSING,
        /** A file, but not an HPROF heap dump (or a compressed one). */
        NOT_HPROF,
        /** An HPROF file cut short: it ends inside a record, or before the end of its heap dump. */
        TRUNCATED,
        /** A file that cannot be read or analysed for another reason, given in the message. */
        UNREADABLE
    }

    private final Reason reason;

    HeapDumpException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    HeapDumpException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
