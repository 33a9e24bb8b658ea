package leaklab.book.diagnosis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * This JVM's open file descriptors, as Linux lists them in {@code /proc/self/fd}: each number with
 * what it points to ({@code /tmp/x.txt}, {@code socket:[81234]}). A resource's descriptors are told
 * by identity, number and target together: the ones that appeared while it was opened, and that
 * are still there, with the same target, until it is released. A number reused for another file
 * is another descriptor.
 */
final class OpenFiles {

    private static final Path FDS = Path.of("/proc/self/fd");
    /** What the listing's own descriptor points to: not a resource's. */
    private static final String LISTING = "/proc/" + ProcessHandle.current().pid() + "/fd";

    private OpenFiles() {}

    /** Whether this machine lists descriptors in {@code /proc/self/fd}: Linux does. */
    static boolean supported() {
        return Files.isDirectory(FDS);
    }

    /** Every open descriptor now: number and target. */
    static Map<Integer, String> now() {
        Map<Integer, String> open = new TreeMap<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.equals(LISTING)) {
                        continue;
                    }
                    open.put(Integer.parseInt(fd.getFileName().toString()), target);
                } catch (NoSuchFileException closedMeanwhile) {
                    // closed while listed, the listing's own descriptor among them
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return open;
    }

    /** The descriptors of {@code after} that {@code before} did not have, by number and target. */
    static Set<Map.Entry<Integer, String>> added(Map<Integer, String> before, Map<Integer, String> after) {
        return after.entrySet().stream()
                .filter(e -> !e.getValue().equals(before.get(e.getKey())))
                .map(e -> Map.entry(e.getKey(), e.getValue()))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Whether none of {@code fds} is open any more. */
    static boolean allClosed(Set<Map.Entry<Integer, String>> fds) {
        Map<Integer, String> open = now();
        return fds.stream().noneMatch(fd -> fd.getValue().equals(open.get(fd.getKey())));
    }
}
