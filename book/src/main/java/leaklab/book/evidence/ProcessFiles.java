package leaklab.book.evidence;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A process's open file descriptors, as {@code ls -l /proc/<pid>/fd} shows them, and its limit
 * from {@code /proc/<pid>/limits}: what the off-heap branch of the flowchart reads when a process
 * runs out of them ("Too many open files"). Linux only.
 *
 * <p>Each descriptor is a link: to a path ({@code file}), or to {@code socket:[inode]},
 * {@code pipe:[inode]}, {@code anon_inode:[eventpoll]}; its kind is what comes before the colon.
 */
record ProcessFiles(Map<Integer, String> targets, String limit) {

    /** Lists the open descriptors of the process {@code pid} now. */
    static ProcessFiles of(long pid) {
        Path fd = Path.of("/proc", Long.toString(pid), "fd");
        if (!Files.isDirectory(fd)) {
            throw new EvidenceException("a look at fds reads /proc/" + pid + "/fd, which this system does not have"
                    + " (Linux has it); drop fds from the descriptor's looks on this system");
        }
        Map<Integer, String> targets = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(fd)) {
            for (Path entry : entries) {
                try {
                    targets.put(
                            Integer.parseInt(entry.getFileName().toString()),
                            Files.readSymbolicLink(entry).toString());
                } catch (IOException | NumberFormatException closedMeanwhile) {
                    // closed while we listed
                }
            }
        } catch (IOException e) {
            throw new EvidenceException("cannot list /proc/" + pid + "/fd: " + e.getMessage(), e);
        }
        String limit = "";
        try {
            limit = Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits")).stream()
                    .filter(line -> line.startsWith("Max open files"))
                    .findFirst()
                    .orElse("")
                    .strip();
        } catch (IOException e) {
            // the listing is what matters
        }
        return new ProcessFiles(targets, limit);
    }

    /** Parses what {@link #format} wrote, so that a look's output can be read back like a jcmd's. */
    static ProcessFiles parse(String text) {
        Map<Integer, String> targets = new TreeMap<>();
        String limit = "";
        for (String line : text.split("\\R")) {
            if (line.startsWith("fd ")) {
                int arrow = line.indexOf(" -> ");
                targets.put(Integer.parseInt(line.substring(3, arrow).strip()), line.substring(arrow + 4));
            } else if (line.startsWith("Max open files")) {
                limit = line.strip();
            }
        }
        return new ProcessFiles(targets, limit);
    }

    /** Every descriptor, one line each, then the limit line: the raw look, read back by {@link #parse}. */
    String format() {
        StringBuilder out = new StringBuilder();
        targets.forEach((fd, target) ->
                out.append("fd ").append(fd).append(" -> ").append(target).append('\n'));
        out.append(limit).append('\n');
        return out.toString();
    }

    static String kindOf(String target) {
        int colon = target.indexOf(':');
        return target.startsWith("/") || colon < 0 ? "file" : target.substring(0, colon);
    }

    /** How many descriptors of each kind, most first; {@code all} counts every one. */
    Map<String, Long> countByKind() {
        Map<String, Long> counts = targets.values().stream()
                .collect(Collectors.groupingBy(ProcessFiles::kindOf, TreeMap::new, Collectors.counting()));
        return sorted(counts);
    }

    long count(String kind) {
        return kind.equals("all") ? targets.size() : countByKind().getOrDefault(kind, 0L);
    }

    /**
     * The descriptors as a reader groups them: how many, of which kind, then one line per target
     * with the inode of sockets and pipes blanked out, most first, and the process's limit.
     */
    String grouped(int top) {
        Map<String, Long> byTarget = sorted(targets.values().stream()
                .map(target -> target.replaceAll("\\[\\d+]", "[...]"))
                .collect(Collectors.groupingBy(t -> t, TreeMap::new, Collectors.counting())));
        StringBuilder out = new StringBuilder();
        out.append(targets.size())
                .append(" descriptors: ")
                .append(countByKind().entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining(", ")))
                .append('\n');
        int width = Long.toString(byTarget.values().stream()
                        .mapToLong(Long::longValue)
                        .max()
                        .orElse(1))
                .length();
        List<Map.Entry<String, Long>> rows = List.copyOf(byTarget.entrySet());
        for (Map.Entry<String, Long> row : rows.subList(0, Math.min(top, rows.size()))) {
            out.append(
                    String.format(java.util.Locale.ROOT, "%" + (width + 2) + "d x %s%n", row.getValue(), row.getKey()));
        }
        if (rows.size() > top) {
            out.append("  ... ").append(rows.size() - top).append(" more targets, once each or so\n");
        }
        if (!limit.isEmpty()) {
            out.append(limit.replaceAll("\\s{2,}", "  ")).append('\n');
        }
        return out.toString();
    }

    private static Map<String, Long> sorted(Map<String, Long> counts) {
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
