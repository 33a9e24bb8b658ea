package io.github.leaklab.leakcheck.examples.sidebyside;

import com.carrotsearch.randomizedtesting.RandomizedRunner;
import com.carrotsearch.randomizedtesting.annotations.Seed;
import com.carrotsearch.randomizedtesting.annotations.ThreadLeakAction;
import com.carrotsearch.randomizedtesting.annotations.ThreadLeakLingering;
import com.carrotsearch.randomizedtesting.annotations.ThreadLeakScope;
import com.carrotsearch.randomizedtesting.annotations.ThreadLeakZombies;
import org.junit.Test;
import org.junit.runner.RunWith;

/**
 * The six {@link ThreadCases} as JUnit 4 tests under randomizedtesting's RandomizedRunner, which
 * checks for leaked threads after each test ({@code ThreadLeakScope.TEST}). It only warns (no
 * interrupt) and carries on past zombies, so that every case is judged on its own; what a case
 * leaked is stopped after the verdict, by the side-by-side test.
 */
@RunWith(RandomizedRunner.class)
@Seed("5EED")
@ThreadLeakScope(ThreadLeakScope.Scope.TEST)
@ThreadLeakAction(ThreadLeakAction.Action.WARN)
@ThreadLeakZombies(ThreadLeakZombies.Consequence.CONTINUE)
public abstract class RandomizedTestingCases {

    @Test
    public void executorNeverShutDown() throws Exception {
        ThreadCases.EXECUTOR_NEVER_SHUT_DOWN.run();
    }

    @Test
    public void threadWaitingForever() throws Exception {
        ThreadCases.THREAD_WAITING_FOREVER.run();
    }

    @Test
    public void timerNeverCancelled() throws Exception {
        ThreadCases.TIMER_NEVER_CANCELLED.run();
    }

    @Test
    public void threadEndsAfter80Ms() throws Exception {
        ThreadCases.THREAD_ENDS_AFTER_80_MS.run();
    }

    @Test
    public void timedWaitExpires() throws Exception {
        ThreadCases.TIMED_WAIT_EXPIRES.run();
    }

    @Test
    public void poolShutDownAsynchronously() throws Exception {
        ThreadCases.POOL_SHUT_DOWN_ASYNCHRONOUSLY.run();
    }

    /** With 1 s of lingering: leaked threads get a second to end, as leakcheck's default. */
    @ThreadLeakLingering(linger = 1000)
    public static class Lingering1s extends RandomizedTestingCases {}

    /** With no lingering: the verdict is taken the moment the test ends. */
    @ThreadLeakLingering(linger = 0)
    public static class Lingering0 extends RandomizedTestingCases {}
}
