package leaklab.catalog;

import java.util.List;

/**
 * A look the book's evidence takes at a live demo: once the demo has done {@code afterOperations}
 * operations it pauses, these jcmd commands run against it, and it goes on.
 *
 * @param number 1 for the first look, 2 for the second...
 * @param afterOperations the point of the workload, in operations done
 * @param jcmd the diagnostic commands, as {@code jcmd <pid>} takes them ({@code GC.class_histogram}),
 *         and {@value #FDS}: the process's open file descriptors, as {@code ls -l /proc/<pid>/fd}
 *         lists them (Linux)
 */
public record Look(int number, long afterOperations, List<String> jcmd) {

    /** The look at the process's open file descriptors, which jcmd does not list. */
    public static final String FDS = "fds";

    public Look {
        jcmd = List.copyOf(jcmd);
    }

    public boolean takes(String command) {
        return jcmd.contains(command);
    }
}
