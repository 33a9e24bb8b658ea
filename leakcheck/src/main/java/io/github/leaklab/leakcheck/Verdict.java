package io.github.leaklab.leakcheck;

/** What a check decided about the threads, file descriptors or objects a workload left behind. */
public enum Verdict {
    /** Nothing left behind. */
    CLEAN,
    /** Something left behind that nothing will release: threads still running, descriptors held open, objects strongly reachable. */
    LEAK,
    /**
     * Released only by a garbage collection: descriptors of streams dropped without {@code close()},
     * which the JDK's Cleaner closed after a GC. Still a bug: until a GC runs they stay open.
     */
    UNTIL_GC
}
