package leaklab.workshop;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the Leak Lab checkout: the folder that holds the wrapper and {@code exercises/}. */
final class ProjectRoot {

    private ProjectRoot() {}

    /**
     * The root named by {@code -Dleaklab.root} (set by the {@code lab} script), else the nearest
     * folder at or above the working directory that holds {@code exercises/pom.xml}.
     */
    static Path locate() {
        String given = System.getProperty("leaklab.root");
        if (given != null && !given.isBlank()) {
            return Path.of(given).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("exercises").resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside a Leak Lab checkout: no exercises/pom.xml here or above "
                + Path.of("").toAbsolutePath());
    }
}
