package leaklab.diagnose;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What Linux tells about a process in {@code /proc/<pid>}, without touching the process: its owner,
 * whether it runs a JVM, its threads, its open file descriptors and their limit. Readings that the
 * system refuses (another user's process) come back empty, never as an exception.
 */
final class Proc {

    private static final Path PROC = Path.of("/proc");

    private final long pid;
    private final Path dir;

    Proc(long pid) {
        this.pid = pid;
        this.dir = PROC.resolve(Long.toString(pid));
    }

    long pid() {
        return pid;
    }

    boolean exists() {
        return Files.isDirectory(dir);
    }

    /** The user id that owns the process. */
    OptionalInt owner() {
        return uid(dir);
    }

    /** The user id this tool runs as. */
    static OptionalInt me() {
        return uid(PROC.resolve("self"));
    }

    /** The owner's user name, for messages; the number if it has none. */
    static String userName(int uid) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8)) {
                String[] fields = line.split(":");
                if (fields.length > 2 && fields[2].equals(Integer.toString(uid))) {
                    return fields[0];
                }
            }
        } catch (IOException e) {
            // the number then
        }
        return "uid " + uid;
    }

    private static OptionalInt uid(Path path) {
        try {
            return OptionalInt.of((Integer) Files.getAttribute(path, "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return OptionalInt.empty();
        }
    }

    /** The command's short name, {@code java} or {@code sleep}. */
    String command() {
        try {
            return Files.readString(dir.resolve("comm"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * Whether the process has the HotSpot library mapped: a JVM. Empty when its memory map cannot be
     * read (another user's process).
     */
    Optional<Boolean> runsJvm() {
        try {
            String maps = Files.readString(dir.resolve("maps"), StandardCharsets.ISO_8859_1);
            return Optional.of(maps.contains("/libjvm.so"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The command line and the environment variables the JVM reads options from, as one text. */
    String optionsText() {
        StringBuilder text = new StringBuilder();
        try {
            text.append(Files.readString(dir.resolve("cmdline"), StandardCharsets.ISO_8859_1)
                    .replace('\0', ' '));
        } catch (IOException e) {
            // nothing to add
        }
        try {
            for (String variable : Files.readString(dir.resolve("environ"), StandardCharsets.ISO_8859_1)
                    .split("\0")) {
                if (variable.startsWith("JAVA_TOOL_OPTIONS=")
                        || variable.startsWith("JDK_JAVA_OPTIONS=")
                        || variable.startsWith("_JAVA_OPTIONS=")) {
                    text.append(' ').append(variable.substring(variable.indexOf('=') + 1));
                }
            }
        } catch (IOException e) {
            // nothing to add
        }
        return text.toString();
    }

    /** The number of threads the kernel counts, Java's and the JVM's own. */
    OptionalInt threads() {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(dir.resolve("task"))) {
            int n = 0;
            for (Path ignored : tasks) {
                n++;
            }
            return OptionalInt.of(n);
        } catch (IOException e) {
            return OptionalInt.empty();
        }
    }

    /** Each open file descriptor's target, {@code /var/log/app.log}, {@code socket:[4711]}; empty if unreadable. */
    Optional<List<String>> openFiles() {
        List<String> targets = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    targets.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    // closed between the listing and the read
                }
            }
            return Optional.of(targets);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The soft limit on open files ({@code ulimit -n} of the process). */
    OptionalLong openFilesLimit() {
        try {
            for (String line : Files.readAllLines(dir.resolve("limits"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Max open files")) {
                    String[] words =
                            line.substring("Max open files".length()).trim().split("\\s+");
                    return words[0].equals("unlimited")
                            ? OptionalLong.of(Long.MAX_VALUE)
                            : OptionalLong.of(Long.parseLong(words[0]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown
        }
        return OptionalLong.empty();
    }
}
