package leaklab.workshop;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What the tool remembers of one learner, in {@code exercises/.lab/progress.properties}
 * (ignored by git): how many hints of each exercise were revealed, and the last verdict with a
 * fingerprint of the code it was given on, so {@code list} can tell when the code changed since.
 */
final class Progress {

    private final Path file;
    private final Properties values = new Properties();

    private Progress(Path file) {
        this.file = file;
    }

    static Progress in(Path labDir) {
        Progress progress = new Progress(labDir.resolve("progress.properties"));
        if (Files.isRegularFile(progress.file)) {
            try (Reader reader = Files.newBufferedReader(progress.file, StandardCharsets.UTF_8)) {
                progress.values.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + progress.file, e);
            }
        }
        return progress;
    }

    int hintsRevealed(String exercise) {
        try {
            return Integer.parseInt(values.getProperty(exercise + ".hints", "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    void hintsRevealed(String exercise, int count) {
        values.setProperty(exercise + ".hints", Integer.toString(count));
    }

    /** "solved" or "failing", or null when never verified. */
    String lastVerdict(String exercise) {
        return values.getProperty(exercise + ".verdict");
    }

    /** The fingerprint of the code the last verdict was given on. */
    String lastVerifiedCode(String exercise) {
        return values.getProperty(exercise + ".code", "");
    }

    void verified(String exercise, boolean solved, String codeFingerprint) {
        values.setProperty(exercise + ".verdict", solved ? "solved" : "failing");
        values.setProperty(exercise + ".code", codeFingerprint);
    }

    /** Back to a fresh start: no verdict, no hint seen. */
    void forget(String exercise) {
        values.remove(exercise + ".verdict");
        values.remove(exercise + ".code");
        values.remove(exercise + ".hints");
    }

    void save() {
        try {
            Files.createDirectories(file.getParent());
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                values.store(writer, "Leak Lab workshop progress (./lab); delete this file to start over");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
