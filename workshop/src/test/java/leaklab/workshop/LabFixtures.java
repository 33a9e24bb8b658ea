package leaklab.workshop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A copy of the exercises to run the tool on, and the changes a learner would make to it. */
final class LabFixtures {

    private LabFixtures() {}

    /** Copies exercises/ (without anyone's progress or build output) into {@code root}. */
    static void copyExercises(Path root) {
        Path exercises = ProjectRoot.locate().resolve("exercises");
        try (Stream<Path> entries = Files.list(exercises)) {
            entries.filter(path -> !path.getFileName().toString().equals(".lab")
                            && !path.getFileName().toString().equals("target"))
                    .forEach(path -> {
                        Path copy = root.resolve("exercises")
                                .resolve(path.getFileName().toString());
                        if (Files.isDirectory(path)) {
                            SourceTree.copy(path, copy);
                        } else {
                            copyFile(path, copy);
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets {@code timeout.seconds} in the copy's manifest of {@code exercise}. */
    static void setTimeout(Path root, String exercise, int seconds) throws IOException {
        Path manifest = root.resolve("exercises").resolve(exercise).resolve(Exercise.MANIFEST);
        String text = Files.readString(manifest).replaceAll("(?m)^timeout\\.seconds *=.*$", "");
        Files.writeString(manifest, text + "\ntimeout.seconds = " + seconds + "\n");
    }

    /** The learner's copy of the thread exercise's ImportWorkers in the copy at {@code root}. */
    static Path learnersWorkers(Path root) {
        return root.resolve("exercises/thread/src/main/java/leaklab/exercise/thread/ImportWorkers.java");
    }

    /** The thread exercise's {@code workers} file (a starter's ImportWorkers) with {@code code} added to close(). */
    static void closeWith(Path workers, String code) throws IOException {
        String starter = Files.readString(workers);
        String changed = starter.replace(
                "        running = false;\n    }\n", "        running = false;\n" + code.indent(8) + "    }\n");
        if (changed.equals(starter)) {
            throw new IllegalStateException("the thread starter's close() is no longer \"running = false;\"");
        }
        Files.writeString(workers, changed);
    }

    /** The tool's work folders in {@code parent}. */
    static List<Path> workFoldersIn(Path parent) throws IOException {
        List<Path> folders = new ArrayList<>();
        if (Files.isDirectory(parent)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, WorkFolders.PREFIX + "*")) {
                entries.forEach(folders::add);
            }
        }
        return folders;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void copyFile(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
