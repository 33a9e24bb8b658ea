package leaklab.book.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the commands behind the evidence, bounded in time, and turns every way they can fail into a clear message. */
final class Processes {

    private Processes() {}

    /**
     * Runs {@code command} in {@code dir} to its end, its output (standard error included) going to
     * {@code log}, and returns that output.
     *
     * @param what what the command is, for messages: "the leaking probe"
     * @throws EvidenceException if it cannot start, outlives {@code timeout} (it is then killed) or
     *         exits with a code other than 0; the message has the end of its output
     */
    static String run(String what, List<String> command, Path dir, Path log, Duration timeout) {
        Process process = start(what, command, dir, log);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new EvidenceException(what + " did not finish within " + timeout.toSeconds() + " s, so it was"
                        + " stopped. Its output so far:\n" + tail(read(log), 30) + "\nCommand: "
                        + String.join(" ", command));
            }
            String output = read(log);
            if (process.exitValue() != 0) {
                throw new EvidenceException(what + " failed with exit code " + process.exitValue() + ". Its output:\n"
                        + tail(output, 40) + "\nCommand: " + String.join(" ", command));
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvidenceException(what + " was interrupted", e);
        } finally {
            stop(process);
        }
    }

    /** Starts {@code command} in {@code dir}, output and errors to {@code log}. */
    static Process start(String what, List<String> command, Path dir, Path log) {
        try {
            Files.createDirectories(dir);
            return new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new EvidenceException(
                    "cannot start " + what + ": " + e.getMessage() + "\nCommand: " + String.join(" ", command), e);
        }
    }

    /** Kills the process if it is still running; it never outlives the evidence step. */
    static void stop(Process process) {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new EvidenceException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The last {@code lines} lines, indented, for a failure message. */
    static String tail(String text, int lines) {
        String[] all = text.split("\\R");
        int from = Math.max(0, all.length - lines);
        StringBuilder out = new StringBuilder();
        if (from > 0) {
            out.append("  ... (").append(from).append(" lines before)\n");
        }
        for (int i = from; i < all.length; i++) {
            out.append("  | ").append(all[i]).append('\n');
        }
        return out.toString().stripTrailing();
    }
}
