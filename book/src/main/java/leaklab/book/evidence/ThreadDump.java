package leaklab.book.evidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The output of {@code jcmd <pid> Thread.print}, split into threads, so that the book can count
 * the threads of one name and show a few of them as they were printed.
 *
 * <p>Each thread is a block that starts with its quoted name and ends at a blank line:
 * <pre>
 * "idle-timeout-user-5" #17 daemon prio=5 os_prio=0 cpu=0.07ms elapsed=8.38s tid=0x... nid=0x6b93 in Object.wait()  [0x...]
 *    java.lang.Thread.State: TIMED_WAITING (on object monitor)
 *         at java.lang.Object.wait(java.base@17.0.15/Native Method)
 *         - waiting on &lt;0x00000000f00c7ad8&gt; (a java.util.TaskQueue)
 *         at java.util.TimerThread.mainLoop(java.base@17.0.15/Timer.java:563)
 * </pre>
 */
public final class ThreadDump {

    private static final Pattern HEADER = Pattern.compile("^\"(.*)\"(?:\\s|$)");
    private static final Pattern STATE = Pattern.compile("^\\s*java\\.lang\\.Thread\\.State:\\s*(.+?)\\s*$");
    private static final Pattern FRAME = Pattern.compile("^\\s*at\\s+([^(]+)\\(");
    /** jcmd indents frames with a tab; the book shows four spaces, which read the same everywhere. */
    private static final String TAB = "    ";

    /**
     * One thread as the dump printed it.
     *
     * @param name its name, without the quotes
     * @param lines its lines, the header first, tabs expanded
     */
    public record DumpedThread(String name, List<String> lines) {

        /** The state line's value, e.g. {@code TIMED_WAITING (on object monitor)}; empty for JVM-internal threads. */
        public String state() {
            for (String line : lines) {
                Matcher m = STATE.matcher(line);
                if (m.matches()) {
                    return m.group(1);
                }
            }
            return "";
        }

        /**
         * The first frame that is not a waiting primitive ({@code Object.wait}, {@code Unsafe.park},
         * the locks package...): where the code chose to wait, e.g. {@code java.util.TimerThread.mainLoop}.
         * Empty for a thread without Java frames.
         */
        public String parkedIn() {
            String innermost = "";
            for (String line : lines) {
                Matcher m = FRAME.matcher(line);
                if (m.find()) {
                    String method = m.group(1).trim();
                    innermost = innermost.isEmpty() ? method : innermost;
                    if (!isWaitingPrimitive(method)) {
                        return method;
                    }
                }
            }
            return innermost;
        }

        /** {@code TIMED_WAITING (on object monitor) in java.util.TimerThread.mainLoop}. */
        public String where() {
            String state = state();
            String parked = parkedIn();
            if (parked.isEmpty()) {
                return state.isEmpty() ? "(no Java frames)" : state;
            }
            return state.isEmpty() ? "in " + parked : state + " in " + parked;
        }
    }

    private final List<String> preamble;
    private final List<DumpedThread> threads;

    private ThreadDump(List<String> preamble, List<DumpedThread> threads) {
        this.preamble = preamble;
        this.threads = threads;
    }

    /**
     * Splits jcmd's output into threads.
     *
     * @throws IllegalArgumentException if it holds no thread at all
     */
    public static ThreadDump parse(String jcmdOutput) {
        List<String> preamble = new ArrayList<>();
        List<DumpedThread> threads = new ArrayList<>();
        String name = null;
        List<String> block = null;
        for (String raw : jcmdOutput.split("\\R")) {
            String line = raw.replace("\t", TAB);
            Matcher header = HEADER.matcher(line);
            if (block == null && header.find()) {
                name = header.group(1);
                block = new ArrayList<>();
                block.add(stripTrailing(line));
            } else if (block != null) {
                if (line.isBlank()) {
                    threads.add(new DumpedThread(name, List.copyOf(block)));
                    block = null;
                } else {
                    block.add(stripTrailing(line));
                }
            } else if (threads.isEmpty()) {
                preamble.add(line);
            }
        }
        if (block != null) {
            threads.add(new DumpedThread(name, List.copyOf(block)));
        }
        if (threads.isEmpty()) {
            throw new IllegalArgumentException("not a Thread.print output (no thread found): "
                    + String.join(" | ", preamble.subList(0, Math.min(3, preamble.size()))));
        }
        return new ThreadDump(List.copyOf(preamble), List.copyOf(threads));
    }

    /** Every thread, in the dump's order: Java threads first, the JVM's own (GC, compiler) after. */
    public List<DumpedThread> threads() {
        return threads;
    }

    /** The threads whose name starts with {@code prefix}. */
    public List<DumpedThread> named(String prefix) {
        return threads.stream().filter(t -> t.name().startsWith(prefix)).collect(Collectors.toList());
    }

    /** The JVM line: {@code Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6 mixed mode, sharing):}. */
    public String vmLine() {
        return preamble.stream().filter(l -> l.startsWith("Full thread dump")).findFirst().orElse("");
    }

    /** How many of the threads named {@code prefix...} wait in each state and frame, most first. */
    public Map<String, Long> countByWhere(String prefix) {
        Map<String, Long> counts = named(prefix).stream()
                .collect(Collectors.groupingBy(DumpedThread::where, LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    /**
     * The dump cut to what the reader should look at, in the dump's order: the JVM line, the
     * threads named in {@code shownByName} and the first {@code shownOfGroup} threads named
     * {@code groupPrefix...}, each as printed; every thread left out is counted on a {@code ...}
     * line, and the group's line says where all its threads wait.
     */
    public String excerpt(List<String> shownByName, String groupPrefix, int shownOfGroup) {
        List<DumpedThread> group = named(groupPrefix);
        List<DumpedThread> shown = new ArrayList<>();
        int fromGroup = 0;
        for (DumpedThread thread : threads) {
            if (shownByName.contains(thread.name())) {
                shown.add(thread);
            } else if (thread.name().startsWith(groupPrefix) && fromGroup < shownOfGroup) {
                shown.add(thread);
                fromGroup++;
            }
        }
        int others = threads.size() - group.size() - (shown.size() - fromGroup);

        StringBuilder out = new StringBuilder();
        out.append(vmLine()).append('\n');
        out.append("... ").append(others).append(" other threads left out (main, the JVM's own)\n\n");
        for (DumpedThread thread : shown) {
            thread.lines().forEach(line -> out.append(line).append('\n'));
            out.append('\n');
        }
        int leftOut = group.size() - fromGroup;
        if (leftOut > 0) {
            out.append("... ").append(leftOut).append(" more \"").append(groupPrefix).append("*\" threads left out; ")
                    .append(group.size()).append(" in all: ").append(describeCounts(countByWhere(groupPrefix)))
                    .append('\n');
        }
        return out.toString();
    }

    private static String describeCounts(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
    }

    private static boolean isWaitingPrimitive(String method) {
        return method.startsWith("java.lang.Object.wait")
                || method.startsWith("jdk.internal.misc.Unsafe.")
                || method.startsWith("java.util.concurrent.locks.")
                || method.startsWith("java.lang.Thread.sleep")
                || method.startsWith("java.lang.VirtualThread.park");
    }

    private static String stripTrailing(String line) {
        return line.stripTrailing();
    }
}
