package leaklab.workshop;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The main class of the JVM that runs one exercise's tests, started by {@link ExerciseRunner}: a
 * JVM of its own, so that code that never returns (a {@code join()} on a thread nobody stops, a
 * busy loop) can be stopped by ending the process. It runs the tests with the JUnit Platform,
 * configured by the exercise's {@code src/test/resources/junit-platform.properties} as Maven's run
 * is (read from its file: the tool's classpath may hold another), prints a line per test as it
 * ends, and writes what it found to a result file that the tool reads.
 *
 * <p>When the time limit passes first, it takes the stack of the thread running the current test,
 * writes that as the result and halts. It also halts when the tool that started it goes away (its
 * standard input closes), so a killed tool leaves no test JVM running.
 *
 * <p>Arguments: the result file, the time limit in seconds, the learner's classes, the test classes,
 * and the exercise's junit-platform.properties (which may not exist).
 */
final class TestJvm {

    private TestJvm() {}

    public static void main(String[] args) {
        Path resultFile = Path.of(args[0]);
        Duration limit = Duration.ofSeconds(Long.parseLong(args[1]));
        Recorder recorder = new Recorder(resultFile, limit, classesIn(Path.of(args[2])), classesIn(Path.of(args[3])));
        daemon("lab-end-with-the-tool", TestJvm::haltWhenTheToolIsGone);
        daemon("lab-time-limit", () -> {
            try {
                // The limit is the tests', not the JVM's start: a loaded machine's slow start is not a hang.
                recorder.firstTestStarted.await();
                Thread.sleep(limit.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            recorder.timedOut();
            halt(1);
        });
        try {
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(DiscoverySelectors.selectClasspathRoots(Set.of(Path.of(args[3]))))
                    .enableImplicitConfigurationParameters(false)
                    .configurationParameters(configuration(Path.of(args[4])))
                    .build();
            LauncherFactory.create().execute(request, recorder);
            recorder.finished(null);
        } catch (Throwable e) {
            recorder.finished(e);
        }
        // Not System.exit: a shutdown hook of the code under test could hang as well.
        halt(0);
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void haltWhenTheToolIsGone() {
        try {
            while (System.in.read() >= 0) {
                // The tool writes nothing; reading only tells when it is gone.
            }
        } catch (IOException e) {
            // gone as well
        }
        halt(3);
    }

    private static void halt(int status) {
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    private static Map<String, String> configuration(Path file) throws IOException {
        Map<String, String> parameters = new HashMap<>();
        if (Files.isRegularFile(file)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().forEach(key -> parameters.put(key, properties.getProperty(key)));
        }
        return parameters;
    }

    /** The top-level classes compiled into {@code root}. */
    private static Set<String> classesIn(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".class"))
                    .map(file ->
                            root.relativize(file).toString().replace('\\', '/').replace('/', '.'))
                    .map(name -> name.substring(0, name.length() - ".class".length()))
                    .map(name -> name.contains("$") ? name.substring(0, name.indexOf('$')) : name)
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the tests did, kept as the result file's properties (see {@link ExerciseRunner} for the reading side). */
    private static final class Recorder implements TestExecutionListener {

        private final Path resultFile;
        private final Duration limit;
        /** The time limit counts from here. */
        final java.util.concurrent.CountDownLatch firstTestStarted = new java.util.concurrent.CountDownLatch(1);

        private final Set<String> learnerClasses;
        private final Set<String> testClasses;
        private final Properties result = new Properties();
        private final Deque<TestIdentifier> running = new ArrayDeque<>();
        private TestPlan plan;
        /** The thread running the innermost test or container; the main thread until the first starts. */
        private Thread testThread = Thread.currentThread();

        private int run;
        private int failures;
        private int skipped;
        private boolean written;

        Recorder(Path resultFile, Duration limit, Set<String> learnerClasses, Set<String> testClasses) {
            this.resultFile = resultFile;
            this.limit = limit;
            this.learnerClasses = learnerClasses;
            this.testClasses = testClasses;
        }

        @Override
        public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
            plan = testPlan;
            result.setProperty("tests.found", Long.toString(testPlan.countTestIdentifiers(TestIdentifier::isTest)));
        }

        @Override
        public synchronized void executionStarted(TestIdentifier identifier) {
            running.push(identifier);
            testThread = Thread.currentThread();
            if (identifier.isTest()) {
                run++;
                firstTestStarted.countDown();
            }
        }

        @Override
        public synchronized void executionSkipped(TestIdentifier identifier, String reason) {
            long tests = identifier.isTest()
                    ? 1
                    : plan.getDescendants(identifier).stream()
                            .filter(TestIdentifier::isTest)
                            .count();
            skipped++;
            result.setProperty("skipped." + skipped + ".name", identifier.getDisplayName());
            result.setProperty("skipped." + skipped + ".reason", reason == null ? "" : reason);
            result.setProperty("skipped." + skipped + ".tests", Long.toString(tests));
            System.out.println(
                    "  skipped " + identifier.getDisplayName() + (reason == null ? "" : " (" + reason + ")"));
        }

        @Override
        public synchronized void executionFinished(TestIdentifier identifier, TestExecutionResult outcome) {
            running.remove(identifier);
            if (outcome.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                // A class that cannot even start its tests (a failing @BeforeAll, an extension) fails as a container.
                Throwable error =
                        outcome.getThrowable().orElseGet(() -> new AssertionError("failed without saying why"));
                failures++;
                result.setProperty("failure." + failures + ".test", identifier.getDisplayName());
                result.setProperty(
                        "failure." + failures + ".assertion", Boolean.toString(error instanceof AssertionError));
                result.setProperty("failure." + failures + ".message", message(error));
            }
            if (identifier.isTest() || outcome.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                String verdict = switch (outcome.getStatus()) {
                    case SUCCESSFUL -> "passes ";
                    case FAILED -> "FAILS  ";
                    case ABORTED -> "aborted";
                };
                System.out.println("  " + verdict + " " + identifier.getDisplayName());
            }
        }

        /** The assertion's message, or the exception with the frames that matter. */
        private static String message(Throwable error) {
            if (error instanceof AssertionError) {
                return String.valueOf(error.getMessage());
            }
            StringBuilder out = new StringBuilder(error.toString());
            int shown = 0;
            for (StackTraceElement frame : error.getStackTrace()) {
                out.append("\n    at ").append(frame);
                if (++shown == 8) {
                    out.append("\n    ...");
                    break;
                }
            }
            return out.toString();
        }

        synchronized void timedOut() {
            result.setProperty("timeout.seconds", Long.toString(limit.toSeconds()));
            TestIdentifier current = running.peek();
            result.setProperty("timeout.test", current == null ? "" : current.getDisplayName());
            StuckCall stuck = StuckCall.of(testThread.getStackTrace(), learnerClasses, testClasses);
            result.setProperty("timeout.call", stuck.call());
            result.setProperty("timeout.exercise-frames", String.join("\n", stuck.exerciseFrames()));
            result.setProperty("timeout.inner-frames", String.join("\n", stuck.innerFrames()));
            write();
        }

        synchronized void finished(Throwable broke) {
            if (broke != null) {
                StringWriter trace = new StringWriter();
                broke.printStackTrace(new PrintWriter(trace));
                result.setProperty("broke", trace.toString());
            }
            write();
        }

        /** Once: whichever comes first, the end of the tests or the time limit, decides. */
        private void write() {
            if (written) {
                return;
            }
            written = true;
            result.setProperty("tests.run", Integer.toString(run));
            Path partial = resultFile.resolveSibling(resultFile.getFileName() + ".partial");
            try (Writer writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                result.store(writer, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                Files.move(partial, resultFile, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
