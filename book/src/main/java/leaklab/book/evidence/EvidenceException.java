package leaklab.book.evidence;

/**
 * Evidence the book needs could not be produced, or it contradicts what the chapter says. The
 * message says which, and what was seen; it ends the build, because a chapter without its
 * measurements, or with measurements that say the opposite of its text, must not go out.
 */
public final class EvidenceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EvidenceException(String message) {
        super(message);
    }

    public EvidenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
