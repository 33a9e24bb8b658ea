package leaklab.book.evidence;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What every chapter's evidence does the same way: run a probe or a live demo of one variant in a
 * JVM of its own, wait for the runs, write the outputs and the facts, and refuse a measurement that
 * contradicts the chapter. A chapter ({@link TimerEvidence}, {@link ThreadEvidence}) says what to
 * run and what to read in the results; {@link BookEvidence} runs the chapters side by side.
 *
 * <p>The leaking and the fixed classes of a scenario have the same names, so every run is a JVM of
 * its own on the classpath of one variant.
 */
abstract class ChapterEvidence {

    /** A test method name as a Prove section quotes it: {@code `every_closed_session_leaves_...`}. */
    private static final Pattern TEST_NAME = Pattern.compile("`([a-z][a-z0-9]*(?:_[a-z0-9]+){2,})`");
    private static final Duration RUN_LIMIT = Duration.ofMinutes(3);
    /** A probe dumps a heap and runs Shark on it: seconds, unless something hangs. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(90);
    /** The demos' first jcmd look comes two seconds in; this only bounds a demo that never gets there. */
    private static final Duration FIRST_LOOK_LIMIT = Duration.ofSeconds(55);

    private final String chapter;
    protected final EvidenceOptions options;
    protected final Jdk jdk;
    protected final EvidenceOutput output;

    /** @param chapter the chapter's name: its anchor, its .adoc file and the prefix of its outputs */
    ChapterEvidence(String chapter, EvidenceOptions options, Jdk jdk) {
        this.chapter = chapter;
        this.options = options;
        this.jdk = jdk;
        this.output = new EvidenceOutput(options.out(), chapter, MachinePaths.of(options.projectRoot(), jdk.home()));
    }

    final String name() {
        return chapter;
    }

    /**
     * Runs what the chapter shows and writes every output it includes; fails on anything missing or
     * contradicting. Every chapter measures the same four runs: the leaking and the fixed demo side
     * by side, then the leaking and the fixed probe.
     */
    void measureAndWrite() throws IOException {
        output.deleteOld();
        String leakingClasspath = classpath("leaking");
        String fixedClasspath = classpath("fixed");

        ExecutorService runs = runs(4);
        try {
            // The probes (heap dump and Shark: the CPU-heavy part) wait for the demos' first jcmd
            // look, which would otherwise come late on a 2-core machine and show the wrong second.
            CountDownLatch firstLooks = new CountDownLatch(2);
            Future<LiveDemoRun.Result> leakingDemo = runs.submit(
                    demo("the leaking demo", "demo-leaking", leakingClasspath, firstLooks::countDown));
            Future<LiveDemoRun.Result> fixedDemo = runs.submit(
                    demo("the fixed demo", "demo-fixed", fixedClasspath, firstLooks::countDown));
            awaitFirstLooks(firstLooks, FIRST_LOOK_LIMIT);
            Future<ProbeOutput> leakingProbe = runs.submit(probe("the leaking probe", "probe-leaking", leakingClasspath));
            Future<ProbeOutput> fixedProbe = runs.submit(probe("the fixed probe", "probe-fixed", fixedClasspath));
            write(new Measured(await(leakingProbe), await(fixedProbe), await(leakingDemo), await(fixedDemo)));
        } finally {
            stop(runs);
        }
    }

    /** Everything measured, once all four runs are done. */
    record Measured(ProbeOutput leakingProbe, ProbeOutput fixedProbe, LiveDemoRun.Result leakingDemo,
                    LiveDemoRun.Result fixedDemo) {
    }

    /** The chapter's live demo of one variant (see {@link #demoRun}); {@code afterFirstLook} runs after its first jcmd look. */
    abstract Callable<LiveDemoRun.Result> demo(String what, String folder, String variantClasspath,
                                               Runnable afterFirstLook);

    /** The chapter's leakcheck probe of one variant (see {@link #probeRun}). */
    abstract Callable<ProbeOutput> probe(String what, String folder, String variantClasspath);

    /** Reads the four runs and writes the chapter's outputs and facts. */
    abstract void write(Measured measured) throws IOException;

    /** The command that runs the scenario's and the fix's tests, for a contradiction's message. */
    abstract String testCommand();

    /** The chapter's own scratch folder for one run. */
    final Path work(String folder) {
        return options.work().resolve(chapter).resolve(folder);
    }

    final String classpath(String variant) {
        return options.classpath(chapter, variant);
    }

    /** New facts, with the JDK and the machine they were measured on, and the caption the blocks quote. */
    final Map<String, String> newFacts() {
        Map<String, String> facts = new LinkedHashMap<>();
        int cores = Runtime.getRuntime().availableProcessors();
        facts.put(chapter + "-jdk", Jdk.version());
        facts.put(chapter + "-cores", Integer.toString(cores));
        facts.put(chapter + "-measured", "measured while this book was built: JDK " + Jdk.version() + ", " + cores + " cores");
        return facts;
    }

    /**
     * A probe of one variant: {@code main} of one of the book's probe classes, in a JVM of its own,
     * whose output {@link ProbeOutput} reads.
     */
    final Callable<ProbeOutput> probeRun(String what, String folder, String variantClasspath, Class<?> main,
                                      List<String> args, Duration timeout) {
        return () -> {
            Path dir = work(folder);
            Files.createDirectories(dir);
            List<String> command = new ArrayList<>();
            command.add(jdk.java().toString());
            command.addAll(options.probeJvmOptions());
            // The probe's heap dump goes to the run's folder, never the machine's temporary folder.
            command.add("-Djava.io.tmpdir=" + dir);
            command.add("-cp");
            command.add(options.probeClasses() + File.pathSeparator + variantClasspath);
            command.add(main.getName());
            command.addAll(args);
            String printed = Processes.run(what, command, dir, dir.resolve("probe.log"), timeout);
            try {
                return ProbeOutput.parse(printed);
            } catch (IllegalArgumentException e) {
                throw new EvidenceException(what + ": " + e.getMessage() + ". Its output:\n" + Processes.tail(printed, 30));
            }
        };
    }

    /**
     * A bounded run of a live demo of one variant, with the demo JVM options {@code run-demo} uses and
     * {@code extraJvmOptions}, and the jcmd looks of {@code schedule}.
     *
     * @param demoArgs the demo's options; they must include {@code --csv gauge.csv}
     */
    final Callable<LiveDemoRun.Result> demoRun(String what, String folder, String variantClasspath, String main,
                                            List<String> extraJvmOptions, List<String> demoArgs,
                                            List<LiveDemoRun.JcmdAt> schedule, Duration timeout,
                                            Runnable afterFirstLook) {
        return () -> {
            List<String> command = new ArrayList<>(options.demoJvmOptions());
            command.addAll(extraJvmOptions);
            command.addAll(List.of("-cp", variantClasspath, main));
            command.addAll(demoArgs);
            return new LiveDemoRun(what, jdk, work(folder)).run(command, schedule, timeout, afterFirstLook);
        };
    }

    /** A pool for the chapter's runs; its threads never keep the generator alive. */
    static ExecutorService runs(int threads) {
        return Executors.newFixedThreadPool(threads, work -> {
            Thread thread = new Thread(work, "evidence run");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Stops what still runs: a failed run cancels the others, and each stops its process on the way out. */
    static void stop(ExecutorService runs) {
        runs.shutdownNow();
        try {
            runs.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void awaitFirstLooks(CountDownLatch firstLooks, Duration timeout) {
        try {
            if (!firstLooks.await(timeout.toSeconds(), TimeUnit.SECONDS)) {
                throw new EvidenceException("the live demos did not get to their first jcmd look within "
                        + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvidenceException("interrupted while waiting for the live demos", e);
        }
    }

    static <T> T await(Future<T> run) {
        try {
            return run.get(RUN_LIMIT.toMinutes(), TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EvidenceException evidence) {
                throw evidence;
            }
            throw new EvidenceException("a measured run failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new EvidenceException("a measured run took more than " + RUN_LIMIT.toMinutes() + " minutes", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvidenceException("interrupted while waiting for the measured runs", e);
        }
    }

    /** A measurement that says the opposite of the chapter's text: the build stops, saying what and where to look. */
    final EvidenceException contradiction(String finding, String printed) {
        return new EvidenceException(finding + ". The book would contradict its own measurement;"
                + " run the scenario's tests (" + testCommand() + ") to see which side changed."
                + (printed.isBlank() ? "" : "\n" + printed.stripTrailing()));
    }

    /**
     * For each test class, whether it marks its key assertions with {@code tag::prove[]}: sets the
     * attribute it maps to if it does, so the Prove section can include the tagged lines, or the whole
     * class until then. Then checks that every test the Prove section names (a
     * {@code `snake_case_name`}) still exists, since an include cannot tell that a test was renamed and
     * the text was not.
     *
     * @param tests the attribute to set for each test class
     */
    final void proveFacts(Map<String, Path> tests, Map<String, String> facts) throws IOException {
        StringBuilder sources = new StringBuilder();
        for (Map.Entry<String, Path> test : tests.entrySet()) {
            if (!Files.isRegularFile(test.getValue())) {
                throw new EvidenceException("the Prove section includes " + test.getValue() + ", which is missing");
            }
            String source = Files.readString(test.getValue(), StandardCharsets.UTF_8);
            if (source.contains("tag::prove[]") && source.contains("end::prove[]")) {
                facts.put(test.getKey(), "");
            }
            sources.append(source);
        }
        Matcher named = TEST_NAME.matcher(section("prove"));
        while (named.find()) {
            if (!sources.toString().contains("void " + named.group(1) + "(")) {
                String classes = tests.values().stream().map(p -> p.getFileName().toString().replace(".java", ""))
                        .collect(Collectors.joining(" nor "));
                throw new EvidenceException("the Prove section of " + chapter + ".adoc names the test "
                        + named.group(1) + ", which " + (tests.size() > 1 ? "neither " : "") + classes + " has:"
                        + " was it renamed? Update the text to the tests as they are");
            }
        }
    }

    /** The text of the chapter's section {@code [#<chapter>-<id>]}, up to the next section of the chapter. */
    final String section(String id) throws IOException {
        Path file = options.projectRoot().resolve("book/src/docs/asciidoc/" + chapter + ".adoc");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String anchor = "[#" + chapter + "-" + id + "]";
        int start = text.indexOf(anchor);
        if (start < 0) {
            throw new EvidenceException(file.getFileName() + " has no " + anchor + " section");
        }
        int end = text.indexOf("\n[#" + chapter + "-", start + 1);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    /** The {@code jcmd <pid> Thread.print} a demo run took at {@code second}. */
    static ThreadDump threadDump(LiveDemoRun.Result demo, long second, String variant) {
        try {
            return ThreadDump.parse(demo.jcmd(second, "Thread.print"));
        } catch (IllegalArgumentException e) {
            throw new EvidenceException("the " + variant + " demo's thread dump: " + e.getMessage(), e);
        }
    }

    /** A figure per operation, two decimals: "-0.00" reads as a sign of something; it is nothing. */
    static String perOperation(double value) {
        String text = String.format(Locale.ROOT, "%.2f", value);
        return text.equals("-0.00") ? "0.00" : text;
    }
}
