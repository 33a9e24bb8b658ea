package leaklab.book.evidence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
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
import leaklab.catalog.Look;

/**
 * One run of a live demo ({@code leaklab.demo.LiveDemo}) in a JVM of its own, looked at with jcmd
 * at points of its workload, the way a reader does from a second terminal. The demo runs with
 * {@code --look-at}: after each look's number of operations it pauses and prints
 * {@code look N of M: paused after K operations}; the look's commands run against it; a line on
 * its standard input lets it go on, and after the last look the end of its input stops it, so the
 * harness, not a clock, ends the run. However slow the machine, every look sees the workload at
 * the same point, and the demo is still there to be looked at.
 */
final class DemoRun {

    private static final Pattern LOOK = Pattern.compile("^look (\\d+) of (\\d+): paused after (\\d+) operations");
    private static final Pattern GAUGE_LINE = Pattern.compile("^\\s*\\d+s\\s");

    /**
     * What the run left.
     *
     * @param console everything the demo printed
     * @param gauge its gauge CSV
     * @param looks each look's outputs, by command, in the order of the looks
     */
    record Result(String console, GaugeCsv gauge, List<Map<String, String>> looks) {

        /** The output of {@code command} at look {@code number} (1 for the first), or null if it did not take it. */
        String at(int number, String command) {
            return looks.get(number - 1).get(command);
        }
    }

    private final String what;
    private final Jdk jdk;
    private final Path dir;
    private final JvmSlots slots;

    /**
     * @param what the run, for messages: "the leaking timer demo"
     * @param dir its working folder: console log, gauge CSV, jcmd outputs
     */
    DemoRun(String what, Jdk jdk, Path dir, JvmSlots slots) {
        this.what = what;
        this.jdk = jdk;
        this.dir = dir;
        this.slots = slots;
    }

    /**
     * Runs the demo to its last look, then ends it.
     *
     * @param command the JVM options, {@code -cp}, main class and demo options, after {@code java};
     *         without {@code --look-at} and {@code --csv}, which this adds
     * @param limit how long the whole run may take before it is killed and the build fails: an upper
     *         bound for a demo that hangs, never the moment of a look
     */
    Result run(List<String> command, List<Look> looks, Duration limit) {
        return slots.whileAlive(() -> runAlive(command, looks, limit));
    }

    private Result runAlive(List<String> command, List<Look> looks, Duration limit) {
        List<String> full = new ArrayList<>();
        full.add(jdk.java().toString());
        full.addAll(command);
        full.add("--look-at");
        full.add(String.join(
                ",",
                looks.stream()
                        .map(look -> Long.toString(look.afterOperations()))
                        .toList()));
        full.add("--csv");
        full.add("gauge.csv");
        Path csv = dir.resolve("gauge.csv");
        long deadline = System.nanoTime() + limit.toNanos();
        Process process;
        slots.busyStart(); // a JVM start is the busy part of a demo's life, until its first gauge line
        boolean busy = true;
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(csv);
            process = new ProcessBuilder(full)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            slots.busyEnd();
            throw new EvidenceException(
                    "cannot start " + what + ": " + e.getMessage() + "\nCommand: " + String.join(" ", full), e);
        }
        Console console = new Console(process);
        Thread reader = new Thread(console, "console of " + what);
        reader.setDaemon(true);
        reader.start();
        List<Map<String, String>> outputs = new ArrayList<>();
        try (OutputStream input = process.getOutputStream()) {
            console.awaitGaugeLine(deadline, full);
            slots.busyEnd();
            busy = false;
            for (Look look : looks) {
                console.awaitLook(look, looks.size(), deadline, full);
                slots.busyStart();
                busy = true;
                Map<String, String> taken = new LinkedHashMap<>();
                for (String jcmd : look.jcmd()) {
                    String output = jcmd.equals(Look.FDS)
                            ? ProcessFiles.of(process.pid()).format()
                            : Attach.jcmd(process.toHandle(), jcmd, what);
                    taken.put(jcmd, output);
                    write(
                            dir.resolve(
                                    "look-" + look.number() + "-" + jcmd.replaceAll("[^A-Za-z0-9_.-]", "_") + ".txt"),
                            output);
                }
                slots.busyEnd();
                busy = false;
                outputs.add(taken);
                if (look.number() < looks.size()) {
                    input.write('\n'); // go on
                    input.flush();
                }
            }
            // After the last look: the end of its input stops the demo.
        } catch (IOException e) {
            throw failure("stopped reading its input (" + e.getMessage() + ")", console, full);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvidenceException(what + " was interrupted", e);
        } finally {
            if (busy) {
                slots.busyEnd();
            }
        }
        try {
            long left = deadline - System.nanoTime();
            if (!process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                throw failure(
                        "did not stop when its input ended, within " + limit.toSeconds() + " s of its start",
                        console,
                        full);
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
            if (process.exitValue() != 0) {
                throw failure("ended with exit code " + process.exitValue(), console, full);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvidenceException(what + " was interrupted", e);
        } finally {
            Processes.stop(process);
            write(dir.resolve("console.txt"), console.text());
        }
        if (!Files.isRegularFile(csv)) {
            throw failure("wrote no gauge CSV", console, full);
        }
        GaugeCsv gauge;
        try {
            gauge = GaugeCsv.parse(Processes.read(csv));
        } catch (IllegalArgumentException e) {
            throw new EvidenceException(what + " wrote a gauge CSV the book cannot read: " + e.getMessage(), e);
        }
        return new Result(console.text(), gauge, outputs);
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

    /** Reads what the demo prints, as it prints it, and tells how far it has got. */
    private final class Console implements Runnable {
        private final Process process;
        private final StringBuilder text = new StringBuilder();
        private boolean gaugeStarted;
        private int lastLook;
        private long lastLookOperations;
        private boolean ended;

        Console(Process process) {
            this.process = process;
        }

        @Override
        public void run() {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    Matcher look = LOOK.matcher(line);
                    synchronized (this) {
                        text.append(line).append('\n');
                        gaugeStarted |= GAUGE_LINE.matcher(line).find();
                        if (look.find()) {
                            lastLook = Integer.parseInt(look.group(1));
                            lastLookOperations = Long.parseLong(look.group(3));
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

        synchronized void awaitGaugeLine(long deadline, List<String> command) throws InterruptedException {
            while (!gaugeStarted) {
                awaitChange("printed no gauge line", deadline, command);
            }
        }

        /** Waits until the demo has paused for {@code look}. */
        synchronized void awaitLook(Look look, int looks, long deadline, List<String> command)
                throws InterruptedException {
            while (lastLook < look.number()) {
                awaitChange(
                        "ended before its look " + look.number() + " of " + looks + " (after " + look.afterOperations()
                                + " operations)",
                        deadline,
                        command);
            }
            if (lastLookOperations != look.afterOperations()) {
                throw failure(
                        "paused for look " + look.number() + " after " + lastLookOperations
                                + " operations, where the descriptor asks for " + look.afterOperations(),
                        this,
                        command);
            }
        }

        private void awaitChange(String ifEnded, long deadline, List<String> command) throws InterruptedException {
            if (ended) {
                throw failure(ifEnded, this, command);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw failure("did not get there within the run's limit (a hang?)", this, command);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
