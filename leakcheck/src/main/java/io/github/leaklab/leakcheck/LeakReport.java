package io.github.leaklab.leakcheck;

import java.time.Duration;

/**
 * The verdict of one check: {@link ThreadReport}, {@link FileReport} or {@link RetentionReport}.
 * Every report says the same three things the same way: what it decided, how long deciding took,
 * and, from {@link #toString()}, what was left behind, where, and what to do next.
 */
public interface LeakReport {

    Verdict verdict();

    default boolean isClean() {
        return verdict() == Verdict.CLEAN;
    }

    /** How long the verdict took: waiting for threads to end, garbage collections, a heap dump. */
    Duration took();

    /** Fails with {@link #toString()} unless the verdict is {@link Verdict#CLEAN}. */
    default void assertNoLeak() {
        if (!isClean()) {
            throw new AssertionError(toString());
        }
    }
}
