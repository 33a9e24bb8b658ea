package leaklab.book.evidence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One bounded run of a live demo ({@code leaklab.demo.LiveDemo}) in a JVM of its own, looked at
 * with jcmd while it runs, the way a reader does from a second terminal: the demo prints one gauge
 * line a second, and once the line of a chosen second has appeared, the chosen jcmd commands run
 * against the demo's pid.
 */
final class LiveDemoRun {

    /** A gauge line: {@code "    8s      403    14.7 MiB ..."}. */
    private static final Pattern GAUGE_LINE = Pattern.compile("^\\s*(\\d+)s\\s");

    /**
     * jcmd commands to run once the gauge line of {@code second} is printed.
     *
     * @param second the second of the run
     * @param commands e.g. {@code GC.class_histogram}, run one after the other
     */
    record JcmdAt(long second, List<String> commands) {
    }

    /**
     * What the run left.
     *
     * @param console everything the demo printed
     * @param gauge its gauge CSV
     * @param jcmd each command's output, without jcmd's {@code <pid>:} line, by {@link #key}
     */
    record Result(String console, GaugeCsv gauge, Map<String, String> jcmd) {

        String jcmd(long second, String command) {
            String output = jcmd.get(key(second, command));
            if (output == null) {
                throw new IllegalArgumentException("no " + command + " was taken at " + second + " s");
            }
            return output;
        }
    }

    static String key(long second, String command) {
        return second + "s " + command;
    }

    private final String what;
    private final Jdk jdk;
    private final Path dir;

    /**
     * @param what the run, for messages: "the leaking demo"
     * @param dir its working folder: console log, gauge CSV, jcmd outputs
     */
    LiveDemoRun(String what, Jdk jdk, Path dir) {
        this.what = what;
        this.jdk = jdk;
        this.dir = dir;
    }

    /**
     * Runs the demo to its end.
     *
     * @param command the JVM options, {@code -cp}, main class and demo options, after {@code java};
     *         the demo options must include {@code --csv gauge.csv}
     * @param timeout how long the demo may take in all before it is killed and the build fails
     * @param afterFirstLook called once the first scheduled jcmd commands are done, or the run
     *         failed before that: other work can start then without slowing that first look
     */
    Result run(List<String> command, List<JcmdAt> schedule, Duration timeout, Runnable afterFirstLook) {
        List<String> full = new ArrayList<>();
        full.add(jdk.java().toString());
        full.addAll(command);
        Path csv = dir.resolve("gauge.csv");
        Path consoleLog = dir.resolve("console.txt");
        Process process;
        boolean firstLookDone = false;
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(csv);
            process = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            afterFirstLook.run();
            throw new EvidenceException("cannot start " + what + ": " + e.getMessage() + "\nCommand: " + String.join(" ", full), e);
        }
        Console console = new Console(process);
        Thread reader = new Thread(console, "console of " + what);
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> outputs = new LinkedHashMap<>();
        try {
            for (JcmdAt at : schedule) {
                console.awaitSecond(at.second(), deadline, full);
                for (String jcmdCommand : at.commands()) {
                    outputs.put(key(at.second(), jcmdCommand), jcmd(process.pid(), jcmdCommand, at.second()));
                }
                if (!firstLookDone) {
                    firstLookDone = true;
                    afterFirstLook.run();
                }
            }
            long left = deadline - System.nanoTime();
            if (!process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                throw failure("did not stop by itself within " + timeout.toSeconds() + " s", console, full);
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
            if (process.exitValue() != 0) {
                throw failure("ended with exit code " + process.exitValue(), console, full);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvidenceException(what + " was interrupted", e);
        } finally {
            if (!firstLookDone) {
                afterFirstLook.run();
            }
            Processes.stop(process);
            write(consoleLog, console.text());
        }
        if (!Files.isRegularFile(csv)) {
            throw failure("wrote no gauge CSV (was --csv gauge.csv passed?)", console, full);
        }
        GaugeCsv gauge;
        try {
            gauge = GaugeCsv.parse(Processes.read(csv));
        } catch (IllegalArgumentException e) {
            throw new EvidenceException(what + " wrote a gauge CSV the book cannot read: " + e.getMessage(), e);
        }
        return new Result(console.text(), gauge, outputs);
    }

    /** Runs {@code jcmd <pid> <command>} and returns its output without the {@code <pid>:} line. */
    private String jcmd(long pid, String command, long second) {
        String name = command.replaceAll("[^A-Za-z0-9_.-]", "_") + "-at-" + second + "s.txt";
        List<String> line = new ArrayList<>(List.of(jdk.jcmd().toString(), Long.toString(pid)));
        line.addAll(List.of(command.split("\\s+")));
        String output = Processes.run("jcmd " + command + " against " + what + " at " + second + " s",
                line, dir, dir.resolve(name), Duration.ofSeconds(30));
        String pidLine = pid + ":";
        return output.startsWith(pidLine) ? output.substring(pidLine.length()).stripLeading() : output;
    }

    private EvidenceException failure(String problem, Console console, List<String> command) {
        return new EvidenceException(what + " " + problem + ". Its output:\n" + Processes.tail(console.text(), 30)
                + "\nCommand: " + String.join(" ", command));
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads what the demo prints, as it prints it, and tells which gauge second has been printed. */
    private final class Console implements Runnable {
        private final Process process;
        private final StringBuilder text = new StringBuilder();
        private long lastSecond = -1;
        private boolean ended;

        Console(Process process) {
            this.process = process;
        }

        @Override
        public void run() {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    Matcher gauge = GAUGE_LINE.matcher(line);
                    synchronized (this) {
                        text.append(line).append('\n');
                        if (gauge.find()) {
                            lastSecond = Long.parseLong(gauge.group(1));
                        }
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // The process was killed: what was read so far is all there is.
            } finally {
                synchronized (this) {
                    ended = true;
                    notifyAll();
                }
            }
        }

        synchronized String text() {
            return text.toString();
        }

        /** Waits until the gauge line of {@code second} has been printed. */
        synchronized void awaitSecond(long second, long deadline, List<String> command) throws InterruptedException {
            while (lastSecond < second) {
                if (ended) {
                    throw failure("ended before its gauge reached " + second + " s", this, command);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw failure("did not reach " + second + " s in time", this, command);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
