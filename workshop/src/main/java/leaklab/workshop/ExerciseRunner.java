package leaklab.workshop;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs an exercise's tests against one version of its code: the learner's, the pristine starter
 * or the reference solution. The code and the tests are compiled with javax.tools into a fresh
 * folder and run with the JUnit Platform in a class loader of their own, so two versions of the
 * same class never meet. The tests see this tool's libraries (leakcheck, JUnit, AssertJ,
 * Awaitility), the same ones an exercise module declares.
 */
final class ExerciseRunner {

    /** The project's baseline: exercise code must compile for it whatever JDK runs the tool. */
    private static final String RELEASE = "17";
    // No default test timeout: JUnit's timeouts run on a thread of its own that the first timed
    // test starts, and leakcheck's StopLeakedThreads would stop it as that test's leak.

    private final Path projectRoot;

    ExerciseRunner(Path projectRoot) {
        this.projectRoot = projectRoot;
    }

    /** Compiles {@code sourceRoot} with the exercise's tests and runs them. */
    Verdict run(Exercise exercise, Path sourceRoot) {
        long start = System.nanoTime();
        Path work;
        try {
            work = Files.createTempDirectory("lab-" + exercise.name() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Path classes = work.resolve("classes");
            Path testClasses = work.resolve("test-classes");
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
            List<Path> roots = new ArrayList<>(List.of(testClasses, classes));
            for (Path resources : List.of(exercise.dir().resolve("src/test/resources"),
                    exercise.dir().resolve("src/main/resources"))) {
                if (Files.isDirectory(resources)) {
                    roots.add(resources);
                }
            }
            return test(exercise, roots, testClasses, start);
        } finally {
            deleteQuietly(work);
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
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            Files.createDirectories(output);
            List<String> classpath = new ArrayList<>();
            extraClasspath.forEach(path -> classpath.add(path.toString()));
            classpath.add(System.getProperty("java.class.path"));
            List<String> options = List.of("--release", RELEASE, "-d", output.toString(),
                    "-classpath", String.join(File.pathSeparator, classpath),
                    "-encoding", "UTF-8", "-proc:none", "-implicit:none", "-nowarn", "-Xlint:none");
            boolean compiled = javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(sources)).call();
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
            String where = diagnostic.getSource() == null ? ""
                    : display(Path.of(diagnostic.getSource().toUri())) + ":" + diagnostic.getLineNumber() + ": ";
            errors.append(where).append(diagnostic.getMessage(Locale.ROOT)).append('\n');
        }
        return errors.toString();
    }

    private Verdict test(Exercise exercise, List<Path> roots, Path testClasses, long start) {
        URL[] urls = roots.stream().map(ExerciseRunner::url).toArray(URL[]::new);
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader("exercise-" + exercise.name(), urls,
                ExerciseRunner.class.getClassLoader())) {
            current.setContextClassLoader(loader); // the JUnit Platform finds and loads test classes through it
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                    .selectors(DiscoverySelectors.selectClasspathRoots(Set.of(testClasses)).toArray(new DiscoverySelector[0]))
                    .execute();
            List<Verdict.Failure> failures = new ArrayList<>();
            // A class that cannot even start its tests (a failing @BeforeAll, an extension) fails as a container.
            Stream.concat(results.containerEvents().failed().stream(), results.testEvents().failed().stream())
                    .forEach(event -> failures.add(failure(event)));
            results.testEvents().aborted().stream().forEach(event -> failures.add(failure(event)));
            int run = (int) results.testEvents().started().count();
            return Verdict.ran(run, failures, elapsed(start));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    private static Verdict.Failure failure(Event event) {
        Throwable error = event.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable)
                .orElseGet(() -> new AssertionError("failed without saying why"));
        return new Verdict.Failure(event.getTestDescriptor().getDisplayName(), error);
    }

    private String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(projectRoot) ? projectRoot.relativize(absolute).toString() : absolute.toString();
    }

    static List<Path> javaFilesIn(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(path.toString(), e);
        }
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
