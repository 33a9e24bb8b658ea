package leaklab.book.evidence;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the folders of the machine that built the book out of the book: each known location in a
 * measured output is replaced by a name the reader understands ({@code <project>},
 * {@code $JAVA_HOME}, {@code ~}), and {@link #requireNone} refuses any that is left.
 */
final class MachinePaths {

    private final Map<String, String> replacements = new LinkedHashMap<>();

    /** Replaces each location (longest first, so a folder inside another gets its own name) by its name. */
    MachinePaths(Map<Path, String> locations) {
        List<Map.Entry<Path, String>> entries = new ArrayList<>(locations.entrySet());
        entries.sort(Comparator.comparingInt(
                        (Map.Entry<Path, String> e) -> e.getKey().toString().length())
                .reversed());
        for (Map.Entry<Path, String> entry : entries) {
            String path = entry.getKey().toAbsolutePath().normalize().toString();
            // The root folder ("/") alone would rewrite every path separator.
            if (path.length() > 1) {
                replacements.put(path, entry.getValue());
            }
        }
    }

    /** The locations of this build: project, JDK, home and temporary folders. */
    static MachinePaths of(Path projectRoot, Path javaHome) {
        Map<Path, String> locations = new LinkedHashMap<>();
        locations.put(projectRoot, "<project>");
        locations.put(javaHome, "$JAVA_HOME");
        locations.put(Path.of(System.getProperty("java.io.tmpdir")), "<tmp>");
        locations.put(Path.of(System.getProperty("user.home")), "~");
        return new MachinePaths(locations);
    }

    String scrub(String text) {
        String out = text;
        for (Map.Entry<String, String> entry : replacements.entrySet()) {
            out = out.replace(entry.getKey(), entry.getValue());
        }
        return out;
    }

    /** Fails if {@code text} still holds one of this machine's locations. */
    void requireNone(String name, String text) {
        for (String path : replacements.keySet()) {
            if (text.contains(path)) {
                throw new EvidenceException(name + " would show a folder of this machine (" + path + ") in the book");
            }
        }
    }
}
