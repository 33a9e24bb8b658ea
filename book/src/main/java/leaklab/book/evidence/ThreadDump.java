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
    /** {@code - parking to wait for  <0x...> (a java.util.concurrent.SynchronousQueue$TransferStack)}. */
    private static final Pattern LOCK = Pattern.compile(
            "^\\s*- (parking to wait for|waiting on|waiting to lock)\\s+<0x[0-9a-f]+>\\s+\\(a ([^)]+)\\)\\s*$");
    /** What a compiled frame prints instead: the JIT kept no reference to the object. */
    private static final Pattern LOCK_UNKNOWN = Pattern.compile(
            "^\\s*- (parking to wait for|waiting on|waiting to lock)\\s+<no object reference available>\\s*$");

    private static final Pattern DIGITS = Pattern.compile("\\d+");
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

        /** The name with every run of digits as {@code N}: {@code gateway-worker-N}, {@code GC Thread#N}. */
        public String namePattern() {
            return DIGITS.matcher(name).replaceAll("N");
        }

        /** Whether any frame is a method of {@code method}: {@code leaklab.thread.RequestScope.awaitCancellation}. */
        public boolean hasFrame(String method) {
            return frameLines().stream().anyMatch(line -> method.equals(frameMethod(line)));
        }

        /**
         * The frame lines, innermost first, as printed without their indentation:
         * {@code at java.util.concurrent.SynchronousQueue.put(java.base@17.0.15/SynchronousQueue.java:839)}.
         */
        List<String> frameLines() {
            return lines.stream()
                    .filter(line -> FRAME.matcher(line).find())
                    .map(String::strip)
                    .collect(Collectors.toList());
        }

        /** The line of the frame {@link #parkedIn()} names, as printed; empty without Java frames. */
        String parkedInLine() {
            String parked = parkedIn();
            return frameLines().stream()
                    .filter(line -> parked.equals(frameMethod(line)))
                    .findFirst()
                    .orElse("");
        }

        /** The first frame line of a method in {@code packagePrefix} ({@code leaklab.}); empty if none. */
        String firstFrameLineIn(String packagePrefix) {
            return frameLines().stream()
                    .filter(line -> frameMethod(line).startsWith(packagePrefix))
                    .findFirst()
                    .orElse("");
        }

        /**
         * What the thread waits for, its address left out, as
         * {@code - parking to wait for <...> (a java.util.concurrent.SynchronousQueue$TransferStack)};
         * empty if the dump names nothing.
         */
        String waitsFor() {
            for (String line : lines) {
                Matcher m = LOCK.matcher(line);
                if (m.matches()) {
                    return "- " + m.group(1) + " <...> (a " + m.group(2) + ")";
                }
            }
            return "";
        }

        /**
         * Whether the dump names no object for the thread to wait for ({@code - waiting on <no object
         * reference available>}), as it does for a frame the JIT compiled; the {@code - locked} line
         * below the frame still names it.
         */
        public boolean waitsForUnknown() {
            return lines.stream().anyMatch(line -> LOCK_UNKNOWN.matcher(line).matches());
        }

        /** The class of the object the thread waits for: {@code java.util.concurrent.SynchronousQueue$TransferStack}. */
        public String waitsForClass() {
            for (String line : lines) {
                Matcher m = LOCK.matcher(line);
                if (m.matches()) {
                    return m.group(2);
                }
            }
            return "";
        }
    }

    /**
     * Threads of one name pattern that wait in the same state at the same frames.
     *
     * @param namePattern the name, digits as {@code N}
     * @param state the state line's value
     * @param frames where they wait ({@link DumpedThread#parkedIn()}), then the first frame of the
     *         application if that is another one, as printed
     * @param threads the threads, in the dump's order
     */
    public record Group(String namePattern, String state, List<String> frames, List<DumpedThread> threads) {

        public int count() {
            return threads.size();
        }

        /** What they wait for, address left out, as the first thread that names it says; empty if none does. */
        public String waitsFor() {
            return threads.stream()
                    .map(DumpedThread::waitsFor)
                    .filter(w -> !w.isEmpty())
                    .findFirst()
                    .orElse("");
        }

        /** How many of them wait for {@code <no object reference available>}. */
        public long waitingForUnknown() {
            return threads.stream().filter(DumpedThread::waitsForUnknown).count();
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
        return preamble.stream()
                .filter(l -> l.startsWith("Full thread dump"))
                .findFirst()
                .orElse("");
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
        return excerpt(shownByName, List.of(groupPrefix), shownOfGroup);
    }

    /** As {@link #excerpt(List, String, int)}, for several groups: the first {@code shownOfEach} of each. */
    public String excerpt(List<String> shownByName, List<String> groupPrefixes, int shownOfEach) {
        List<DumpedThread> shown = new ArrayList<>();
        Map<String, Integer> fromGroup = new LinkedHashMap<>();
        groupPrefixes.forEach(prefix -> fromGroup.put(prefix, 0));
        for (DumpedThread thread : threads) {
            if (shownByName.contains(thread.name())) {
                shown.add(thread);
                continue;
            }
            for (String prefix : groupPrefixes) {
                if (thread.name().startsWith(prefix) && fromGroup.get(prefix) < shownOfEach) {
                    shown.add(thread);
                    fromGroup.merge(prefix, 1, Integer::sum);
                    break;
                }
            }
        }
        int inGroups = 0;
        int shownFromGroups = 0;
        for (String prefix : groupPrefixes) {
            inGroups += named(prefix).size();
            shownFromGroups += fromGroup.get(prefix);
        }
        int others = threads.size() - inGroups - (shown.size() - shownFromGroups);

        StringBuilder out = new StringBuilder();
        out.append(vmLine()).append('\n');
        out.append("... ").append(others).append(" other threads left out (main, the JVM's own)\n\n");
        for (DumpedThread thread : shown) {
            thread.lines().forEach(line -> out.append(line).append('\n'));
            out.append('\n');
        }
        for (String prefix : groupPrefixes) {
            List<DumpedThread> group = named(prefix);
            int leftOut = group.size() - fromGroup.get(prefix);
            if (leftOut > 0) {
                out.append("... ")
                        .append(leftOut)
                        .append(" more \"")
                        .append(prefix)
                        .append("*\" threads left out; ")
                        .append(group.size())
                        .append(" in all: ")
                        .append(describeCounts(countByWhere(prefix)))
                        .append('\n');
            }
        }
        return out.toString();
    }

    /**
     * The threads named {@code prefix...} for any of {@code prefixes}, grouped by name pattern
     * (digits as {@code N}), state, where they wait and the first frame of {@code appPackage} in
     * their stack: largest group first, ties in the dump's order.
     */
    public List<Group> groups(List<String> prefixes, String appPackage) {
        Map<List<String>, List<DumpedThread>> byKey = new LinkedHashMap<>();
        for (DumpedThread thread : threads) {
            if (prefixes.stream().noneMatch(thread.name()::startsWith)) {
                continue;
            }
            List<String> frames = frames(thread, appPackage);
            List<String> key = new ArrayList<>(List.of(thread.namePattern(), thread.state()));
            key.addAll(frames);
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(thread);
        }
        List<Group> groups = new ArrayList<>();
        byKey.forEach((key, members) -> groups.add(
                new Group(key.get(0), key.get(1), List.copyOf(key.subList(2, key.size())), List.copyOf(members))));
        groups.sort(java.util.Comparator.comparingInt(Group::count).reversed());
        return groups;
    }

    /**
     * The groups of {@link #groups}, one block each, as a reader would write them up from the dump:
     * <pre>
     *   377 x "cancel-watcher-N"  WAITING (on object monitor)
     *           - waiting on &lt;...&gt; (a leaklab.thread.RequestScope)
     *           at leaklab.thread.RequestScope.awaitCancellation(RequestScope.java:62)
     * </pre>
     * after the JVM line and a count of the threads, and before a line counting those left out.
     */
    public String formatGroups(List<String> prefixes, String appPackage) {
        List<Group> groups = groups(prefixes, appPackage);
        int grouped = groups.stream().mapToInt(Group::count).sum();
        int width = Integer.toString(
                        groups.stream().mapToInt(Group::count).max().orElse(1))
                .length();
        StringBuilder out = new StringBuilder();
        out.append(vmLine()).append('\n');
        out.append(threads.size())
                .append(" threads; the ")
                .append(grouped)
                .append(" named ")
                .append(prefixes.stream().map(p -> "\"" + p + "*\"").collect(Collectors.joining(" or ")))
                .append(",\ngrouped by name (digits as N), state and the frames they wait in:\n");
        for (Group group : groups) {
            out.append('\n');
            out.append(String.format(
                    java.util.Locale.ROOT,
                    "%" + (width + 2) + "d x \"%s\"  %s%n",
                    group.count(),
                    group.namePattern(),
                    group.state()));
            String indent = " ".repeat(width + 5);
            if (!group.waitsFor().isEmpty()) {
                out.append(indent).append(group.waitsFor()).append('\n');
                if (group.waitingForUnknown() > 0) {
                    out.append(indent)
                            .append("  (")
                            .append(group.waitingForUnknown())
                            .append(" of them: ")
                            .append(group.waitsFor()
                                    .replaceFirst(" <\\.\\.\\.> .*", " <no object reference available>"))
                            .append(")\n");
                }
            }
            for (String frame : group.frames()) {
                out.append(indent).append(frame).append('\n');
            }
        }
        out.append('\n')
                .append("... ")
                .append(threads.size() - grouped)
                .append(" other threads left out (main, the JVM's own)\n");
        return out.toString();
    }

    private static List<String> frames(DumpedThread thread, String appPackage) {
        List<String> frames = new ArrayList<>();
        String parked = thread.parkedInLine();
        if (!parked.isEmpty()) {
            frames.add(parked);
        }
        String app = thread.firstFrameLineIn(appPackage);
        if (!app.isEmpty() && !app.equals(parked)) {
            frames.add(app);
        }
        return frames;
    }

    private static String frameMethod(String frameLine) {
        Matcher m = FRAME.matcher(frameLine);
        return m.find() ? m.group(1).trim() : "";
    }

    private static String describeCounts(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
    }

    /**
     * The JDK's machinery of waiting, which says nothing about who waits: as leakcheck's
     * {@code LeakedThread.parkedIn} skips it, so that a dump and a leakcheck report name the same
     * frame ({@code java.util.concurrent.SynchronousQueue.put} on JDK 17 and 25 alike).
     */
    private static boolean isWaitingPrimitive(String method) {
        return method.startsWith("java.lang.Object.wait")
                || method.startsWith("jdk.internal.misc.Unsafe.")
                || method.startsWith("java.util.concurrent.locks.")
                || method.startsWith("java.lang.Thread.sleep")
                || method.startsWith("java.lang.VirtualThread.park")
                || method.startsWith("java.util.concurrent.ForkJoinPool.managedBlock")
                || method.startsWith("java.util.concurrent.ForkJoinPool.unmanagedBlock")
                || method.startsWith("java.util.concurrent.SynchronousQueue$")
                || method.equals("java.util.concurrent.SynchronousQueue.xfer")
                || method.equals("java.util.concurrent.LinkedTransferQueue.xfer")
                || method.equals("java.util.concurrent.LinkedTransferQueue.awaitMatch")
                || method.startsWith("java.util.concurrent.LinkedTransferQueue$");
    }

    private static String stripTrailing(String line) {
        return line.stripTrailing();
    }
}
