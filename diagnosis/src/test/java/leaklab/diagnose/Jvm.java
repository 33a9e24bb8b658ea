package leaklab.diagnose;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A process the tests start, always stopped at the end: the tool, a scenario's demo, an idle JVM.
 * Its output is collected as it comes, so a test can wait for a line (bounded) and read the rest.
 */
final class Jvm implements AutoCloseable {

    static final Path ROOT =
            Path.of(System.getProperty("leaklab.root", "..")).toAbsolutePath().normalize();
    static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** The longest a test waits for a process: generous, for a busy machine; never reached when all is well. */
    static final long PATIENCE_SECONDS = 150;

    private final Process process;
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final Thread outReader;
    private final Thread errReader;

    private Jvm(Process process) {
        this.process = process;
        // A thread each, not a shared pool: each blocks on its stream until the process ends.
        this.outReader = reader(process.getInputStream(), out, "stdout of " + process.pid());
        this.errReader = reader(process.getErrorStream(), err, "stderr of " + process.pid());
    }

    private static Thread reader(InputStream in, StringBuffer into, String name) {
        Thread thread = new Thread(() -> collect(in, into), name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    static Jvm start(List<String> command) throws IOException {
        return new Jvm(new ProcessBuilder(command).start());
    }

    /** The tool's command line: its JVM options as ./diagnose passes them, its classpath, these arguments. */
    static List<String> tool(List<String> jvmOptions, String... args) throws IOException {
        Path target = ROOT.resolve("diagnosis/target");
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(List.of(Files.readString(target.resolve("classes/leaklab/diagnose/jvm.options"))
                .trim()
                .split("\\s+")));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-cp",
                target.resolve("classes") + ":"
                        + Files.readString(target.resolve("diagnose/classpath.txt"))
                                .trim(),
                "leaklab.diagnose.Diagnose"));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs the tool to its end (bounded) and gives its exit code and output. */
    static Result runTool(List<String> jvmOptions, String... args) throws Exception {
        try (Jvm tool = start(tool(jvmOptions, args))) {
            return tool.await();
        }
    }

    record Result(int exit, String out, String err) {}

    /**
     * Runs the tool's main code in this JVM, for the bad inputs that need no JVM of its own (no
     * attach, no small heap): the same code, the same exit code, without a JVM start each.
     */
    static Result runHere(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Diagnose.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    /** Waits (bounded) until the standard output or error has a line containing {@code text}. */
    void awaitOutput(String text) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (!out.toString().contains(text) && !err.toString().contains(text)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the process ended before printing \"" + text + "\": " + out + err);
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("no \"" + text + "\" within " + PATIENCE_SECONDS + " s: " + out + err);
            }
            process.waitFor(50, TimeUnit.MILLISECONDS); // wakes early if it ends
        }
    }

    Result await() throws Exception {
        if (!process.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
            throw new TimeoutException("still running after " + PATIENCE_SECONDS + " s: " + out + err);
        }
        outReader.join(TimeUnit.SECONDS.toMillis(10));
        errReader.join(TimeUnit.SECONDS.toMillis(10));
        return new Result(process.exitValue(), out.toString(), err.toString());
    }

    String output() {
        return out.toString() + err;
    }

    private static void collect(InputStream in, StringBuffer into) {
        char[] buffer = new char[8192];
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            int n;
            while ((n = reader.read(buffer)) > 0) {
                into.append(buffer, 0, n);
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Stops the process and whatever it started, and waits for it. */
    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS);
    }
}
