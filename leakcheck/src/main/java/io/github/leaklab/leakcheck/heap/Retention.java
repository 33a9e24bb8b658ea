package io.github.leaklab.leakcheck.heap;

import java.util.List;

/**
 * Which of the objects asked about are strongly reachable from a GC root in a heap dump, along
 * which paths, and what they retain. Made by {@link HeapDump#pathsTo(String)} and its siblings.
 *
 * @param what the objects asked about, as a report names them: {@code "instances of leaklab.timer.Session"}
 * @param found how many of them are in the dump
 * @param retained how many of those are strongly reachable (the others are held only through weak
 *     or soft references, or by nothing: the next garbage collection may free them)
 * @param retainedBytes what the strongly reachable ones keep alive, from the dump's dominator tree
 * @param groups the path shapes that hold them, most objects first
 */
public record Retention(String what, int found, int retained, long retainedBytes, List<PathGroup> groups) {

    public Retention {
        groups = List.copyOf(groups);
    }

    /** Whether nothing asked about is strongly reachable. */
    public boolean isClean() {
        return retained == 0;
    }

    /** The shortest trace from a GC root to a retained object, LeakCanary-style; empty when clean. */
    public String shortestPath() {
        return shortestGroup() == null ? "" : shortestGroup().trace();
    }

    /** The hops of the shortest path: {@code [Thread.holder, FieldHolder.task, ...]}; empty when clean. */
    public List<String> shortestPathHops() {
        return shortestGroup() == null ? List.of() : shortestGroup().hops();
    }

    private PathGroup shortestGroup() {
        PathGroup shortest = null;
        for (PathGroup group : groups) {
            if (shortest == null || group.hops().size() < shortest.hops().size()) {
                shortest = group;
            }
        }
        return shortest;
    }

    /**
     * For a terminal: how many are retained and how much, one line per path shape, then the shortest
     * trace. Every size in binary units ({@link Sizes}).
     */
    @Override
    public String toString() {
        if (found == 0) {
            return "No " + what + " in the heap dump.";
        }
        if (isClean()) {
            return "None of the " + found + " " + what + " is strongly reachable: the next garbage collection may free "
                    + (found == 1 ? "it." : "them all.");
        }
        StringBuilder out = new StringBuilder();
        out.append(retained)
                .append(" of ")
                .append(found)
                .append(' ')
                .append(what)
                .append(retained == 1 ? " is" : " are")
                .append(" strongly reachable, retaining ")
                .append(Sizes.format(retainedBytes))
                .append(", along ")
                .append(groups.size())
                .append(groups.size() == 1 ? " path shape:\n" : " path shapes:\n");
        for (PathGroup group : groups) {
            out.append("  ")
                    .append(group.count())
                    .append(" x ")
                    .append(group.shape())
                    .append(" (")
                    .append(Sizes.format(group.retainedBytes()))
                    .append(")\n");
        }
        out.append("Shortest path from a GC root:\n").append(shortestPath());
        return out.toString();
    }
}
