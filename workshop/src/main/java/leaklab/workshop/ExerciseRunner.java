package leaklab.workshop;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Runs an exercise's tests against one version of its code: the learner's, the pristine starter
 * or the reference solution. The code and the tests are compiled with javax.tools into a work
 * folder of their own ({@link WorkFolders}), then run in a JVM of their own ({@link TestJvm}) with
 * the same flags as the build's test JVMs, so that two versions of the same class never meet and
 * code that never returns can be stopped: the exercise's time limit ends the run, with the stack
 * of the call that was stuck. The tests see this tool's libraries (leakcheck, JUnit, AssertJ,
 * Awaitility), the same ones an exercise module declares. Nothing of a run is left behind.
 */
final class ExerciseRunner {

    /** The project's baseline: exercise code must compile for it whatever JDK runs the tool. */
    private static final String RELEASE = "17";
    /**
     * How long past its own limit a test JVM may take to report (its start, a heap dump under way)
     * before it is ended without a report.
     */
    private static final Duration GRACE = Duration.ofSeconds(30);
    // No JUnit timeout inside the test JVM: JUnit's timeouts run on a thread of its own that the
    // first timed test starts, and leakcheck's StopLeakedThreads would stop it as that test's leak.

    private final Path projectRoot;
    private final WorkFolders workFolders;
    private final OutputStream testOutput;

    /** The build's runner: work folders in the temporary folder, the tests' output on this JVM's. */
    ExerciseRunner(Path projectRoot) {
        this(projectRoot, WorkFolders.inTemporaryFolder(), System.out);
    }

    /**
     * @param workFolders where each run compiles
     * @param testOutput where the test JVM's output goes: a line per test, and what the tests print
     */
    ExerciseRunner(Path projectRoot, WorkFolders workFolders, OutputStream testOutput) {
        this.projectRoot = projectRoot;
        this.workFolders = workFolders;
        this.testOutput = testOutput;
    }

    /** Compiles {@code sourceRoot} with the exercise's tests and runs them. */
    Verdict run(Exercise exercise, Path sourceRoot) {
        return run(exercise, sourceRoot, null);
    }

    /**
     * Compiles {@code sourceRoot} with the exercise's tests and runs them.
     *
     * @param heapDumps where leakcheck keeps its heap dumps ({@code -Dleakcheck.keepHeapDumps=true});
     *     null: dumps are deleted after their analysis, as usual
     */
    Verdict run(Exercise exercise, Path sourceRoot, Path heapDumps) {
        long start = System.nanoTime();
        if (javaFilesIn(exercise.tests()).isEmpty()) {
            return Verdict.noTestRan(
                    "No test ran: " + display(exercise.tests()) + " holds no tests (no .java file);" + " git checkout "
                            + display(exercise.tests()) + " brings them back.",
                    List.of(),
                    elapsed(start));
        }
        try (WorkFolders.Run run = workFolders.open(exercise.name())) {
            Path classes = run.dir().resolve("classes");
            Path testClasses = run.dir().resolve("test-classes");
            String errors = compile(sourceRoot, classes, List.of());
            if (errors.isEmpty()) {
                errors = compile(exercise.tests(), testClasses, List.of(classes));
                if (!errors.isEmpty()) {
                    errors = "The exercise's tests do not compile against this code (was something they call"
                            + " renamed or removed?):\n" + errors;
                }
            }
            if (!errors.isEmpty()) {
                return Verdict.doesNotCompile(errors, elapsed(start));
            }
            List<Path> classpath = new ArrayList<>(List.of(testClasses, classes));
            for (Path resources : List.of(
                    exercise.dir().resolve("src/test/resources"), exercise.dir().resolve("src/main/resources"))) {
                if (Files.isDirectory(resources)) {
                    classpath.add(resources);
                }
            }
            return test(exercise, run, classpath, classes, testClasses, heapDumps, start);
        }
    }

    private String compile(Path sourceRoot, Path output, List<Path> extraClasspath) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("this Java has no compiler; run the workshop with a JDK, not a JRE");
        }
        List<Path> sources = javaFilesIn(sourceRoot);
        if (sources.isEmpty()) {
            return "no .java files in " + display(sourceRoot);
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files =
                javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            Files.createDirectories(output);
            List<String> classpath = new ArrayList<>();
            extraClasspath.forEach(path -> classpath.add(path.toString()));
            classpath.addAll(toolClasspath());
            List<String> options = List.of(
                    "--release",
                    RELEASE,
                    "-d",
                    output.toString(),
                    "-classpath",
                    String.join(File.pathSeparator, classpath),
                    "-encoding",
                    "UTF-8",
                    "-proc:none",
                    "-implicit:none",
                    "-nowarn",
                    "-Xlint:none");
            boolean compiled = javac.getTask(
                            null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources))
                    .call();
            if (compiled) {
                return "";
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder errors = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
            if (diagnostic.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            String where = diagnostic.getSource() == null
                    ? ""
                    : display(Path.of(diagnostic.getSource().toUri())) + ":" + diagnostic.getLineNumber() + ": ";
            errors.append(where).append(diagnostic.getMessage(Locale.ROOT)).append('\n');
        }
        return errors.toString();
    }

    private Verdict test(
            Exercise exercise,
            WorkFolders.Run run,
            List<Path> classpath,
            Path classes,
            Path testClasses,
            Path heapDumps,
            long start) {
        Path resultFile = run.dir().resolve("result.properties");
        Path tmp = heapDumps != null ? heapDumps : run.dir().resolve("tmp");
        List<String> args = new ArrayList<>(jvmOptions());
        // What the tests write to temporary files (a heap dump under way) stays inside the run's folder.
        args.add("-Djava.io.tmpdir=" + tmp);
        if (heapDumps != null) {
            args.add("-Dleakcheck.keepHeapDumps=true");
        }
        List<String> entries = classpath.stream().map(Path::toString).collect(Collectors.toCollection(ArrayList::new));
        entries.addAll(toolClasspath());
        Path junitConfiguration = exercise.dir().resolve("src/test/resources/junit-platform.properties");
        args.addAll(List.of(
                "-cp",
                String.join(File.pathSeparator, entries),
                TestJvm.class.getName(),
                resultFile.toString(),
                Long.toString(exercise.timeout().toSeconds()),
                classes.toString(),
                testClasses.toString(),
                junitConfiguration.toString()));
        Process process;
        Thread pump;
        try {
            Files.createDirectories(tmp);
            // An argument file: no command-line length limit, no quoting rules of a shell or of Windows.
            Path argFile = run.dir().resolve("jvm.args");
            Files.write(argFile, args.stream().map(ExerciseRunner::quoted).toList(), StandardCharsets.UTF_8);
            ProcessBuilder builder = new ProcessBuilder(javaCommand(), "@" + argFile)
                    .directory(exercise.dir().toFile())
                    .redirectErrorStream(true);
            process = run.start(builder);
            pump = pump(process.getInputStream(), testOutput);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a JVM for the tests of " + exercise.name(), e);
        }
        Duration wait = exercise.timeout().plus(GRACE);
        boolean ended;
        try {
            ended = process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                process.destroyForcibly();
                process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
            pump.join(GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the tests of " + exercise.name() + " ran", e);
        }
        if (!Files.isRegularFile(resultFile)) {
            if (!ended) {
                return Verdict.timedOut(
                        new Verdict.Timeout(exercise.timeout(), "", null), 0, List.of(), List.of(), elapsed(start));
            }
            return Verdict.broke(
                    "The tests' JVM ended (exit code " + process.exitValue() + ") before it said how"
                            + " they went; its output above says why.",
                    elapsed(start));
        }
        return verdict(exercise, read(resultFile), start);
    }

    /** Reads what {@link TestJvm} wrote. */
    private Verdict verdict(Exercise exercise, Properties result, long start) {
        int found = Integer.parseInt(result.getProperty("tests.found", "0"));
        int testsRun = Integer.parseInt(result.getProperty("tests.run", "0"));
        List<Verdict.Failure> failures = new ArrayList<>();
        for (int i = 1; result.containsKey("failure." + i + ".test"); i++) {
            failures.add(new Verdict.Failure(
                    result.getProperty("failure." + i + ".test"),
                    Boolean.parseBoolean(result.getProperty("failure." + i + ".assertion")),
                    result.getProperty("failure." + i + ".message")));
        }
        List<Verdict.Skipped> skipped = new ArrayList<>();
        for (int i = 1; result.containsKey("skipped." + i + ".name"); i++) {
            skipped.add(new Verdict.Skipped(
                    result.getProperty("skipped." + i + ".name"),
                    result.getProperty("skipped." + i + ".reason"),
                    Integer.parseInt(result.getProperty("skipped." + i + ".tests"))));
        }
        if (result.containsKey("broke")) {
            String trace = result.getProperty("broke").strip().indent(2).stripTrailing();
            return Verdict.broke("The tests could not be run:\n" + trace, elapsed(start));
        }
        if (result.containsKey("timeout.seconds")) {
            StuckCall stuck = new StuckCall(
                    result.getProperty("timeout.call"),
                    lines(result.getProperty("timeout.exercise-frames")),
                    lines(result.getProperty("timeout.inner-frames")));
            Duration limit = Duration.ofSeconds(Long.parseLong(result.getProperty("timeout.seconds")));
            Verdict.Timeout timeout = new Verdict.Timeout(limit, result.getProperty("timeout.test"), stuck);
            return Verdict.timedOut(timeout, testsRun, failures, skipped, elapsed(start));
        }
        if (testsRun == 0 && failures.isEmpty()) {
            Verdict partial = Verdict.noTestRan("", skipped, elapsed(start));
            String tests = display(exercise.tests());
            String why = found == 0
                    ? "No test ran: no test found in " + tests + " (is a method there annotated @Test?)."
                    : "No test ran: "
                            + (found == 1
                                    ? "the exercise's only test is"
                                    : "all " + found + " of the exercise's tests are")
                            + " disabled.\n" + partial.skippedList()
                            + "\nRemove the @Disabled (or what else skips them) in " + tests
                            + ": a test that does not run cannot tell whether your fix works.";
            return Verdict.noTestRan(why, skipped, elapsed(start));
        }
        return Verdict.ran(testsRun, failures, skipped, elapsed(start));
    }

    private static List<String> lines(String text) {
        return text == null || text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private static Properties read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return properties;
    }

    /** Copies the test JVM's output as it comes, byte for byte, until it ends. */
    private static Thread pump(InputStream from, OutputStream to) {
        Thread pump = new Thread(
                () -> {
                    byte[] buffer = new byte[8192];
                    try {
                        for (int n; (n = from.read(buffer)) >= 0; ) {
                            to.write(buffer, 0, n);
                            to.flush();
                        }
                    } catch (IOException e) {
                        // the test JVM is gone
                    }
                },
                "lab-test-output");
        pump.setDaemon(true);
        pump.start();
        return pump;
    }

    /**
     * This tool's classpath, which exercise code and tests compile and run against: under Maven's
     * surefire the test classpath it names (java.class.path is then a jar that only points to it),
     * without a folder of its own junit-platform.properties (the workshop's tests'), which would
     * stand beside the exercise's.
     */
    private static List<String> toolClasspath() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .filter(entry -> !Files.isRegularFile(Path.of(entry, "junit-platform.properties")))
                .toList();
    }

    /** The build's test JVM flags (heap cap, the add-opens leakcheck's teardown needs), from jvm.options. */
    private static List<String> jvmOptions() {
        try (InputStream options = ExerciseRunner.class.getResourceAsStream("jvm.options")) {
            if (options == null) {
                return List.of();
            }
            String text = new String(options.readAllBytes(), StandardCharsets.UTF_8);
            // Unfiltered (an IDE's build copied it as it is): no flags rather than a placeholder.
            return Arrays.stream(text.strip().split("\\s+"))
                    .filter(option -> !option.isEmpty() && !option.contains("${"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaCommand() {
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java")
                .toString();
    }

    /** One argument of a java argument file: quoted, with backslashes and quotes escaped. */
    private static String quoted(String argument) {
        return '"' + argument.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(projectRoot)
                ? projectRoot.relativize(absolute).toString()
                : absolute.toString();
    }

    static List<Path> javaFilesIn(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
