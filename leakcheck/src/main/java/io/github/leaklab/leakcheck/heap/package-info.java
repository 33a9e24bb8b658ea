/**
 * Heap dumps, read with Shark (LeakCanary's heap analyser, inside leakcheck under a renamed
 * package): the shortest strong paths from GC roots to the objects you ask about, grouped by path
 * shape, and a class histogram. For a {@code .hprof} file written by {@code jcmd <pid> GC.heap_dump},
 * VisualVM or {@code -XX:+HeapDumpOnOutOfMemoryError}, and for this JVM's own heap.
 *
 * <pre>{@code
 * try (HeapDump dump = HeapDump.open(Path.of("leak.hprof"))) {     // HeapDumpException: one-line message
 *     System.out.println(dump.histogram(10));                        // the 10 classes with the most bytes
 *     Retention sessions = dump.pathsTo("leaklab.timer.Session");    // instances of the class and its subclasses
 *     System.out.println(sessions);                                  // counts, sizes, the shortest trace
 *     for (PathGroup group : sessions.groups()) {                    // one per path shape, most objects first
 *         System.out.println(group.count() + " x " + group.shape() + " " + Sizes.format(group.retainedBytes()));
 *     }
 *     dump.pathsTo("instances of *Session", name -> name.endsWith("Session"));   // or by a test on the class name
 *     dump.withoutThreads(name -> name.startsWith("idle-timeout-"))      // as if those threads had ended:
 *         .pathsTo("leaklab.timer.Session");                            // what else holds the sessions?
 * }
 * }</pre>
 *
 * <p>A live check dumps its own JVM and traces the objects it watches:
 *
 * <pre>{@code
 * WatchedReference watched = new WatchedReference(session, 42, "closed session user-7");
 * try (HeapDump dump = HeapDump.ofThisJvm()) {                       // a full GC, then a temporary dump
 *     Retention retention = dump.pathsToWatched(42);                 // each trace says "Watched as: closed session user-7"
 * }
 * }</pre>
 *
 * <p>What the answers mean:
 * <ul>
 *   <li>A path is strong: references from weak, soft and phantom references (and the finalizer
 *       queue) are not followed. An object with no strong path is counted as found, not retained.</li>
 *   <li>Hidden class names lose their per-run suffix ({@code Cache$$Lambda$89/0x0000000800c0b000}
 *       reads {@code Cache$$Lambda}, {@code String$$StringConcat+0x...} reads {@code String$$StringConcat}),
 *       in traces, shapes, histograms and the names a predicate sees.</li>
 *   <li>Sizes are bytes as the dump records them (no object headers), written in binary units by
 *       {@link io.github.leaklab.leakcheck.heap.Sizes}, inside Shark's traces too.</li>
 *   <li>{@link io.github.leaklab.leakcheck.heap.HeapDump#open} checks the file first: a missing
 *       file, one that is not HPROF (or is gzip-compressed) and a truncated one each get a
 *       {@link io.github.leaklab.leakcheck.heap.HeapDumpException} with a one-line message and a
 *       {@link io.github.leaklab.leakcheck.heap.HeapDumpException.Reason}.</li>
 * </ul>
 */
package io.github.leaklab.leakcheck.heap;
