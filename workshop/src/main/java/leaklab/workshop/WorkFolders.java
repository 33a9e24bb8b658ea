package leaklab.workshop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The folders that verify compiles an exercise into, one per run, in the temporary folder:
 * {@code leaklab-verify-<pid>-<exercise>-<random>}, where pid is the tool's process. None outlives
 * its run. A run deletes its folder when it ends. When the tool is stopped (Ctrl-C, SIGTERM), a
 * shutdown hook ends the test JVM each run started and deletes the folders. When it was killed
 * outright (SIGKILL, a power cut), the next start deletes every such folder whose process is gone.
 */
final class WorkFolders {

    static final String PREFIX = "leaklab-verify-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.*");
    /** The runs under way in this JVM, for the shutdown hook. */
    private static final Set<Run> ACTIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            for (Run run : ACTIVE) {
                                run.close();
                                System.err.println("lab: stopped; the test JVM verifying " + run.exercise
                                        + " is ended and its work folder deleted.");
                            }
                        },
                        "lab-cleanup"));
    }

    private final Path parent;

    WorkFolders(Path parent) {
        this.parent = parent;
    }

    /** In the JVM's temporary folder ({@code java.io.tmpdir}). */
    static WorkFolders inTemporaryFolder() {
        return new WorkFolders(Path.of(System.getProperty("java.io.tmpdir")));
    }

    Path parent() {
        return parent;
    }

    /** A fresh, empty folder for one run of {@code exercise}; closing the run deletes it. */
    Run open(String exercise) {
        try {
            Files.createDirectories(parent);
            Run run = new Run(
                    exercise,
                    Files.createTempDirectory(
                            parent, PREFIX + ProcessHandle.current().pid() + "-" + exercise + "-"));
            ACTIVE.add(run);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work folder in " + parent, e);
        }
    }

    /** Deletes the work folders that runs of a tool no longer running left behind; returns how many. */
    int deleteStale() {
        int deleted = 0;
        if (!Files.isDirectory(parent)) {
            return 0;
        }
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path folder : folders) {
                if (isStale(folder)) {
                    SourceTree.delete(folder);
                    deleted++;
                }
            }
        } catch (IOException e) {
            // Unreadable: nothing of ours can be found there either.
        }
        return deleted;
    }

    private static boolean isStale(Path folder) throws IOException {
        Matcher name = NAME.matcher(folder.getFileName().toString());
        if (!name.matches() || !Files.isDirectory(folder)) {
            return false;
        }
        long pid = Long.parseLong(name.group(1));
        if (pid == ProcessHandle.current().pid()) {
            return false; // a run of this very JVM, under way
        }
        Optional<ProcessHandle> owner = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (owner.isEmpty()) {
            return true;
        }
        // A process with that id is running, but if it started well after the folder was last
        // written, the id was reused: the folder's own process is gone.
        Instant written = Files.getLastModifiedTime(folder).toInstant();
        return owner.get()
                .info()
                .startInstant()
                .map(start -> start.isAfter(written.plusSeconds(10)))
                .orElse(false);
    }

    /** One run's folder, and the test JVM it started, if any. */
    static final class Run implements AutoCloseable {

        private final String exercise;
        private final Path dir;
        private Process process;
        private boolean closed;

        private Run(String exercise, Path dir) {
            this.exercise = exercise;
            this.dir = dir;
        }

        Path dir() {
            return dir;
        }

        /**
         * Starts the test JVM of this run, which is ended, if still running, when the run closes.
         * Starting and closing exclude each other, so a JVM is never started unseen by a close.
         */
        synchronized Process start(ProcessBuilder testJvm) throws IOException {
            if (closed) {
                throw new IOException("the run was stopped before its test JVM started");
            }
            process = testJvm.start();
            return process;
        }

        /**
         * Ends the run's test JVM if it still runs, then deletes the folder. Closing twice is
         * harmless; the shutdown hook and the run's own thread may close at the same time.
         */
        @Override
        public synchronized void close() {
            closed = true;
            Process testJvm = process;
            if (testJvm != null && testJvm.isAlive()) {
                testJvm.destroyForcibly();
                try {
                    testJvm.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            SourceTree.delete(dir);
            ACTIVE.remove(this);
        }
    }
}
