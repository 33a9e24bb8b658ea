package leaklab.book.evidence;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import leaklab.book.evidence.launcher.TestLauncher;

/**
 * One scenario module's tests, run for the book in a JVM of their own, on the test classpath the
 * module's build wrote ({@code target/test.classpath}): the book includes what each test printed,
 * from this run, so the chapter shows exactly what the tests proved. See {@link TestLauncher}.
 */
final class TestRun {

    /**
     * What the tests did.
     *
     * @param run how many tests ran
     * @param passed how many passed
     * @param printed what each test printed, by test method name
     * @param results each test's result line, by method name: "passed: ..." or "failed: ...: message"
     */
    record Result(int run, int passed, Map<String, String> printed, Map<String, String> results) {

        boolean allPassed() {
            return run > 0 && passed == run && results.values().stream().noneMatch(r -> r.startsWith("failed"));
        }

        List<String> failures() {
            return results.values().stream().filter(r -> r.startsWith("failed")).toList();
        }
    }

    private final String what;
    private final Jdk jdk;
    private final Path dir;
    private final JvmSlots slots;

    TestRun(String what, Jdk jdk, Path dir, JvmSlots slots) {
        this.what = what;
        this.jdk = jdk;
        this.dir = dir;
        this.slots = slots;
    }

    /**
     * Runs every test of {@code module}.
     *
     * @param launcherClasses the folder that holds {@link TestLauncher}'s class (the book's classes)
     * @param jvmOptions the test JVM's options, as the build's Surefire gives them
     * @param limit how long the run may take before it is killed and the build fails
     */
    Result run(Path module, Path launcherClasses, List<String> jvmOptions, Duration limit) {
        Path classpathFile = module.resolve("target/test.classpath");
        Path testClasses = module.resolve("target/test-classes");
        if (!Files.isRegularFile(classpathFile) || !Files.isDirectory(testClasses)) {
            throw new EvidenceException(what + ": " + module.getFileName() + " has no compiled tests or no"
                    + " target/test.classpath; the book builds its scenarios first: ./mvnw -q package -pl book");
        }
        String classpath = String.join(
                File.pathSeparator,
                launcherClasses.toString(),
                testClasses.toString(),
                module.resolve("target/classes").toString(),
                Processes.read(classpathFile).strip());
        Path out = dir.resolve("tests");
        List<String> command = new ArrayList<>();
        command.add(jdk.java().toString());
        command.addAll(jvmOptions);
        // A test's heap dump goes to the run's folder, never the machine's temporary folder.
        command.add("-Djava.io.tmpdir=" + dir);
        command.addAll(List.of("-cp", classpath, TestLauncher.class.getName(), out.toString(), testClasses.toString()));
        slots.whileAlive(() -> slots.whileBusy(() -> {
            Processes.run(what, command, dir, dir.resolve("tests.log"), limit);
            return null;
        }));
        return read(out);
    }

    private Result read(Path out) {
        Properties summary = new Properties();
        try (Reader in = Files.newBufferedReader(out.resolve("summary.properties"), StandardCharsets.UTF_8)) {
            summary.load(in);
        } catch (IOException e) {
            throw new EvidenceException(what + " left no summary of its tests: " + e.getMessage(), e);
        }
        Map<String, String> results = new TreeMap<>();
        Map<String, String> printed = new LinkedHashMap<>();
        for (String key : summary.stringPropertyNames()) {
            if (key.startsWith("test.")) {
                String name = key.substring("test.".length());
                results.put(name, summary.getProperty(key));
                printed.put(name, Processes.read(out.resolve(name + ".txt")));
            }
        }
        return new Result(
                Integer.parseInt(summary.getProperty("run", "0")),
                Integer.parseInt(summary.getProperty("passed", "0")),
                printed,
                results);
    }
}
