/**
 * Leak checks for tests: threads, file descriptors and reachability, each with one verb.
 *
 * <pre>{@code
 * ThreadSnapshot threads = Threads.snapshot();
 * FileSnapshot files = FileDescriptors.snapshot();
 * ObjectWatcher watcher = new ObjectWatcher();
 *
 * runTheWorkload(watcher);                  // watcher.watch(session, "closed session user-7") for what must die
 *
 * threads.leaks().assertNoLeak();           // LEAK or CLEAN, with where each thread started and waits
 * files.leaks().assertNoLeak();             // LEAK, UNTIL_GC (closed only by the Cleaner) or CLEAN
 * watcher.leaks().assertNoLeak();           // LEAK (with the path from a GC root) or CLEAN
 * }</pre>
 *
 * <ul>
 *   <li>{@code leaks()} waits as long as the evidence needs, at most a deadline; {@code leaksNow()}
 *       decides now, without waiting. Every report is a {@link io.github.leaklab.leakcheck.LeakReport}:
 *       a {@link io.github.leaklab.leakcheck.Verdict}, how long it took, and a message that says what
 *       leaked, where, and what to do next.</li>
 *   <li>Where each leaked thread was started comes from JFR's {@code jdk.ThreadStart} event, recorded
 *       in memory from the first snapshot on, once per JVM, and read only at a leak verdict. It is on
 *       by default: {@code ThreadStartCostTest} in {@code leakcheck-examples} prints what it costs
 *       (once per JVM, and per leak verdict); {@code -Dleakcheck.threadStarts=false} turns it off.</li>
 *   <li>Checking needs no {@code --add-opens}; stopping a leaked Timer's or pool's thread from outside
 *       does, and a {@link io.github.leaklab.leakcheck.StopResult} says which flag.</li>
 *   <li>The checks work under {@code -XX:+DisableExplicitGC}, and in a fresh JVM, where the JDK opens
 *       descriptors and starts threads of its own that no workload is charged with.</li>
 * </ul>
 *
 * <p>{@link io.github.leaklab.leakcheck.junit.LeakCheck} runs the thread and descriptor checks
 * around every test; {@link io.github.leaklab.leakcheck.heap} reads heap dumps.
 */
package io.github.leaklab.leakcheck;
