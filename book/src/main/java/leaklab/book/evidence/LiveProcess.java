package leaklab.book.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM the evidence starts and steers by what it prints, for runs that {@link DemoRun} does not
 * cover: a live demo that runs on after its last look while a tool samples it, a program that waits
 * for the end of its input, a tool whose standard output and error mean different things. Its
 * output and errors are read as they come; {@link #await} waits for a line, bounded by the run's
 * limit and never by a guess of how long the line takes; {@link #close()} ends it if it has not
 * ended, so it never outlives the evidence.
 */
final class LiveProcess implements AutoCloseable {

    private final String what;
    private final List<String> command;
    private final Process process;
    private final long deadline;
    private final Duration limit;
    private final StringBuilder out = new StringBuilder();
    private final StringBuilder err = new StringBuilder();
    private int readersRunning = 2;

    private LiveProcess(String what, List<String> command, Process process, Duration limit) {
        this.what = what;
        this.command = command;
        this.process = process;
        this.limit = limit;
        this.deadline = System.nanoTime() + limit.toNanos();
        reader(process.getInputStream(), out, "output of " + what);
        reader(process.getErrorStream(), err, "errors of " + what);
    }

    /**
     * Starts {@code command} in {@code dir}.
     *
     * @param what the run, for messages: "the leaking timer demo"
     * @param limit how long the whole run may take before it is killed and the build fails: an
     *     upper bound for a run that hangs
     */
    static LiveProcess start(String what, List<String> command, Path dir, Duration limit) {
        try {
            Files.createDirectories(dir);
            return new LiveProcess(
                    what,
                    command,
                    new ProcessBuilder(command).directory(dir.toFile()).start(),
                    limit);
        } catch (IOException e) {
            throw new EvidenceException(
                    "cannot start " + what + ": " + e.getMessage() + "\nCommand: " + String.join(" ", command), e);
        }
    }

    private void reader(InputStream stream, StringBuilder into, String name) {
        Thread thread = new Thread(
                () -> {
                    char[] buffer = new char[8192];
                    try (Reader in = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                        int n;
                        while ((n = in.read(buffer)) > 0) {
                            synchronized (this) {
                                into.append(buffer, 0, n);
                                notifyAll();
                            }
                        }
                    } catch (IOException e) {
                        // killed: what was read is all there is
                    } finally {
                        synchronized (this) {
                            readersRunning--;
                            notifyAll();
                        }
                    }
                },
                name);
        thread.setDaemon(true);
        thread.start();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    long pid() {
        return process.pid();
    }

    /**
     * Waits until a line of its output or errors matches {@code line}, and returns the match.
     *
     * @param expected what the line means, for the message if it never comes: "its first gauge line"
     */
    Matcher await(Pattern line, String expected) {
        return awaitUnlessEnded(line, expected).orElseThrow(() -> failure("ended before " + expected));
    }

    /** As {@link #await}, but empty if it ends (its output closes) before printing the line. */
    synchronized Optional<Matcher> awaitUnlessEnded(Pattern line, String expected) {
        while (true) {
            Matcher match = line.matcher(out + "\n" + err);
            if (match.find()) {
                return Optional.of(match);
            }
            if (readersRunning == 0) {
                return Optional.empty();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw failure(
                        "did not print " + expected + " within " + limit.toSeconds() + " s of its start (a hang?)");
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EvidenceException(what + " was interrupted", e);
            }
        }
    }

    /** Writes a line to its standard input. */
    void send(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw failure("stopped reading its input (" + e.getMessage() + ")");
        }
    }

    /** Closes its standard input: the end of input. */
    void closeInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // it has ended already
        }
    }

    /** Waits for it to end by itself, within the run's limit, and returns its exit code. */
    int awaitExit() {
        try {
            long left = deadline - System.nanoTime();
            if (!process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                throw failure("did not end within " + limit.toSeconds() + " s of its start");
            }
            synchronized (this) {
                while (readersRunning > 0) {
                    wait(TimeUnit.SECONDS.toMillis(10));
                }
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvidenceException(what + " was interrupted", e);
        }
    }

    synchronized String out() {
        return out.toString();
    }

    synchronized String err() {
        return err.toString();
    }

    /** A failure of this run, with the end of what it printed and its command. */
    EvidenceException failure(String problem) {
        return new EvidenceException(what + " " + problem + ". Its output:\n" + Processes.tail(out() + err(), 30)
                + "\nCommand: " + String.join(" ", command));
    }

    /** Ends it, if it has not ended: it never outlives the evidence. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        Processes.stop(process);
    }
}
