package leaklab.catalog;

/** A descriptor that cannot be read, or says something the catalog cannot use; the message says which file and key. */
public final class DescriptorException extends RuntimeException {

    public DescriptorException(String message) {
        super(message);
    }

    public DescriptorException(String message, Throwable cause) {
        super(message, cause);
    }
}
