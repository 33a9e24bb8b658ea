package leaklab.diagnose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code jcmd <pid> Thread.print}, its Java threads grouped as the book's flowchart groups them:
 * by name with the numbers blanked out ({@code cancel-watcher-N}), by state, and by where they wait.
 */
final class ThreadDump {

    /** {@code "name" #12 daemon prio=5 ...}; JDK 21+ adds the native id: {@code "name" #12 [4711] daemon prio=5}. */
    private static final Pattern HEADER = Pattern.compile("^\"(.*)\" #\\d+(?: \\[\\d+\\])?( daemon)? .*$");

    private static final Pattern STATE = Pattern.compile("^\\s+java\\.lang\\.Thread\\.State: (\\w+).*$");
    private static final Pattern FRAME = Pattern.compile("^\\s+at ([^(]+)\\((?:[^/)]*/)?([^)]*)\\)$");
    /** Where every waiting thread waits; the frame below them says what for. */
    private static final List<String> WAITING_MACHINERY = List.of(
            "java.lang.Object.wait",
            "java.lang.Thread.sleep",
            "java.lang.Thread.onSpinWait",
            "jdk.internal.misc.Unsafe.park",
            "java.util.concurrent.locks.LockSupport.",
            "java.lang.VirtualThread.park",
            "java.lang.Thread.yield");

    /** One thread: its name, state and stack, top frame first, each {@code Class.method(File.java:12)}. */
    record Thread(String name, String state, List<String> frames) {

        /** The first frame below the waiting machinery: {@code java.util.TimerThread.mainLoop(Timer.java:563)}. */
        String waitsIn() {
            for (String frame : frames) {
                if (WAITING_MACHINERY.stream().noneMatch(frame::startsWith)) {
                    return frame;
                }
            }
            return frames.isEmpty() ? "(no Java frames)" : frames.get(0);
        }

        /** The first frame of the application's code, or {@code null}. */
        String firstApplicationFrame() {
            for (String frame : frames) {
                if (LiveHistogram.isApplication(frame.substring(0, Math.max(0, frame.indexOf('('))))) {
                    return frame;
                }
            }
            return null;
        }
    }

    /**
     * The threads of one name pattern in one state, waiting in one place.
     *
     * @param pattern the name with each run of digits as {@code N}: {@code idle-timeout-user-N}
     * @param prefix the name up to its first digit, as a descriptor names leaked threads: {@code idle-timeout-user-}
     */
    record Group(String pattern, String prefix, String state, String waitsIn, String applicationFrame, int count) {}

    private final List<Thread> threads;

    private ThreadDump(List<Thread> threads) {
        this.threads = List.copyOf(threads);
    }

    static ThreadDump parse(String text) {
        List<Thread> threads = new ArrayList<>();
        String name = null;
        String state = "?";
        List<String> frames = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher header = HEADER.matcher(line);
            if (header.matches()) {
                if (name != null) {
                    threads.add(new Thread(name, state, frames));
                }
                name = header.group(1);
                state = "RUNNABLE";
                frames = new ArrayList<>();
                continue;
            }
            if (name == null) {
                continue;
            }
            if (line.startsWith("\"") || line.isBlank() && !frames.isEmpty()) {
                threads.add(new Thread(name, state, frames)); // a JVM thread or the end of this one's stack
                name = null;
                continue;
            }
            Matcher s = STATE.matcher(line);
            if (s.matches()) {
                state = s.group(1);
                continue;
            }
            Matcher frame = FRAME.matcher(line);
            if (frame.matches()) {
                frames.add(frame.group(1) + "(" + frame.group(2) + ")");
            }
        }
        if (name != null) {
            threads.add(new Thread(name, state, frames));
        }
        return new ThreadDump(threads);
    }

    List<Thread> threads() {
        return threads;
    }

    /** {@code cancel-watcher-12} reads {@code cancel-watcher-N}. */
    static String pattern(String name) {
        return name.replaceAll("\\d+", "N");
    }

    static String prefix(String name) {
        Matcher digit = Pattern.compile("\\d").matcher(name);
        return digit.find() ? name.substring(0, digit.start()) : name;
    }

    /** The groups, biggest first. */
    List<Group> groups() {
        Map<List<String>, int[]> counts = new LinkedHashMap<>();
        Map<List<String>, Thread> examples = new LinkedHashMap<>();
        for (Thread thread : threads) {
            List<String> key = List.of(pattern(thread.name()), thread.state(), thread.waitsIn());
            counts.computeIfAbsent(key, k -> new int[1])[0]++;
            examples.putIfAbsent(key, thread);
        }
        List<Group> groups = new ArrayList<>();
        counts.forEach((key, count) -> {
            Thread example = examples.get(key);
            groups.add(new Group(
                    key.get(0),
                    prefix(example.name()),
                    key.get(1),
                    key.get(2),
                    example.firstApplicationFrame(),
                    count[0]));
        });
        groups.sort((a, b) -> Integer.compare(b.count(), a.count()));
        return groups;
    }

    /** How many threads each name pattern has. */
    Map<String, Integer> countsByPattern() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Thread thread : threads) {
            counts.merge(pattern(thread.name()), 1, Integer::sum);
        }
        return counts;
    }
}
