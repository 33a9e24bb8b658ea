package leaklab.diagnose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Open file descriptors grouped as {@code ls -l /proc/<pid>/fd} shows them: by kind (a file, a
 * socket, a pipe, an anonymous inode such as an epoll set) and by target, with socket and pipe
 * numbers blanked out, so that a thousand sockets are one line.
 */
final class FileDescriptors {

    /** The kinds, as the catalog's descriptors name them. */
    static final List<String> KINDS = List.of("file", "socket", "pipe", "anon_inode", "other");

    /** Open descriptors of one kind and target. */
    record Group(String kind, String target, int count) {}

    private FileDescriptors() {}

    static String kind(String target) {
        if (target.startsWith("socket:")) {
            return "socket";
        } else if (target.startsWith("pipe:")) {
            return "pipe";
        } else if (target.startsWith("anon_inode:")) {
            return "anon_inode";
        } else if (target.startsWith("/")) {
            return "file";
        }
        return "other";
    }

    /** {@code socket:[4711]} reads {@code socket}, {@code anon_inode:[eventpoll]} stays, a path stays. */
    static String target(String target) {
        return target.replaceAll("^(socket|pipe):\\[\\d+]$", "$1").replace(" (deleted)", "");
    }

    static Map<String, Integer> countsByKind(List<String> targets) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String kind : KINDS) {
            counts.put(kind, 0);
        }
        for (String target : targets) {
            counts.merge(kind(target), 1, Integer::sum);
        }
        return counts;
    }

    /** The groups, biggest first. */
    static List<Group> groups(List<String> targets) {
        Map<List<String>, Integer> counts = new LinkedHashMap<>();
        for (String target : targets) {
            counts.merge(List.of(kind(target), target(target)), 1, Integer::sum);
        }
        List<Group> groups = new ArrayList<>();
        counts.forEach((key, count) -> groups.add(new Group(key.get(0), key.get(1), count)));
        groups.sort((a, b) -> Integer.compare(b.count(), a.count()));
        return groups;
    }
}
