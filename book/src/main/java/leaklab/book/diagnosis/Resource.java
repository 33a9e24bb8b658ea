package leaklab.book.diagnosis;

import java.util.function.BooleanSupplier;

/**
 * One kind of JDK resource, as a program opens it, for {@link ResourceRelease}.
 *
 * @param opened how the program opens it: {@code new FileInputStream(file)}
 * @param holds what it holds while open: "a file descriptor"
 * @param closedBy what releases it on purpose: {@code close()}, {@code shutdown()}; empty when nothing
 *     does (a direct buffer has no close)
 * @param opener opens one, in a {@link Workspace}
 */
record Resource(String opened, String holds, String closedBy, Opener opener) {

    boolean closable() {
        return !closedBy.isEmpty();
    }

    /** Opens one resource. */
    @FunctionalInterface
    interface Opener {
        Opened open(Workspace workspace) throws Exception;
    }

    /** How one resource is released on purpose: its {@code close()}, {@code shutdown()} or {@code cancel()}. */
    @FunctionalInterface
    interface Closer {
        void close() throws Exception;
    }

    /**
     * One opened resource.
     *
     * @param owner the object the program holds, and drops when it forgets the resource
     * @param closer releases it on purpose; {@code null} when nothing does
     * @param released whether what it holds is released now (its descriptors closed, its threads ended,
     *     its memory freed): it must not reach {@code owner}, or the owner could never be collected
     */
    record Opened(Object owner, Closer closer, BooleanSupplier released) {}
}
