package io.github.leaklab.leakcheck.heap;

import java.util.List;

/**
 * Retained objects that a GC root holds along the same path shape.
 *
 * @param shape the path's hops with array indices generic, {@code "TimerThread.queue -> TaskQueue.queue -> TimerTask[x]"}
 * @param hops the hops of the shortest path of this shape, indices as found: {@code TimerTask[3]}
 * @param count how many retained objects are held along this shape
 * @param retainedBytes what they keep alive together (see {@link Sizes})
 * @param trace the shortest of their traces, LeakCanary-style, from the GC root to the object
 */
public record PathGroup(String shape, List<String> hops, int count, long retainedBytes, String trace) {}
