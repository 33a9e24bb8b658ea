package leaklab.book.evidence.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs a scenario module's tests for the book, in a JVM of the module's own test classpath, and
 * keeps what each test printed: the book shows exactly what the tests proved, from the run of this
 * build. Usage: {@code TestLauncher <out folder> <test-classes folder>}. Writes, into the out folder,
 * {@code <method>.txt} per test (what it printed) and {@code summary.properties}: tests run,
 * passed and failed, and each failure's message. Exit code 0 once the tests ran, whatever they
 * found: the book's evidence reads the summary and decides.
 *
 * <p>Only the JUnit Platform is used here (the module's test classpath has it), nothing else of
 * the book's, so that this class runs on a scenario's classpath alone.
 */
public final class TestLauncher {

    private TestLauncher() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Path testClasses = Path.of(args[1]);
        Files.createDirectories(out);
        PrintStream realOut = System.out;
        Capture capture = new Capture(realOut);
        System.setOut(new PrintStream(capture, true, StandardCharsets.UTF_8));

        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClasspathRoots(Set.of(testClasses)))
                // As in the build (root pom.xml): test names read as sentences.
                .configurationParameter(
                        "junit.jupiter.displayname.generator.default",
                        "org.junit.jupiter.api.DisplayNameGenerator$ReplaceUnderscores")
                .build();
        Map<String, String> results = new TreeMap<>();
        Properties summary = new Properties();
        int[] counts = new int[3]; // run, passed, failed
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionStarted(TestIdentifier test) {
                if (test.isTest()) {
                    capture.start();
                }
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                String name = test.getSource()
                        .filter(MethodSource.class::isInstance)
                        .map(MethodSource.class::cast)
                        .map(MethodSource::getMethodName)
                        .orElse(test.getDisplayName());
                if (test.isTest()) {
                    counts[0]++;
                    write(out.resolve(name + ".txt"), capture.stop());
                }
                if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    if (test.isTest()) {
                        counts[1]++;
                        results.put(name, "passed: " + test.getDisplayName());
                    }
                    return;
                }
                counts[2]++;
                String message = result.getThrowable()
                        .map(t -> t.getClass().getName() + ": " + t.getMessage())
                        .orElse(result.getStatus().toString());
                results.put(name, "failed: " + test.getDisplayName() + ": " + message.replace('\n', ' '));
            }
        });
        System.setOut(realOut);
        summary.setProperty("run", Integer.toString(counts[0]));
        summary.setProperty("passed", Integer.toString(counts[1]));
        summary.setProperty("failed", Integer.toString(counts[2]));
        results.forEach((name, result) -> summary.setProperty("test." + name, result));
        try (OutputStream file = Files.newOutputStream(out.resolve("summary.properties"))) {
            summary.store(file, "the tests of one scenario module, run for the book");
        }
        realOut.printf("%d tests run, %d passed, %d failed%n", counts[0], counts[1], counts[2]);
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Standard output, kept per test and passed on to the real one. */
    private static final class Capture extends OutputStream {
        private final PrintStream real;
        private ByteArrayOutputStream current = new ByteArrayOutputStream();

        Capture(PrintStream real) {
            this.real = real;
        }

        synchronized void start() {
            current = new ByteArrayOutputStream();
        }

        synchronized String stop() {
            String text = current.toString(StandardCharsets.UTF_8);
            current = new ByteArrayOutputStream();
            return text;
        }

        @Override
        public synchronized void write(int b) {
            current.write(b);
            real.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            current.write(b, off, len);
            real.write(b, off, len);
        }
    }
}
