package leaklab.book;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import leaklab.catalog.Scenario;
import leaklab.catalog.Side;

/**
 * What a complete scenario has, checked from its files: both modules, the chapter with its eight
 * sections in order, the tests its Prove section names, the exercise that names the chapter, the
 * benchmarks its Cost section names and their recorded results, and the evidence the book's build
 * measured. Each problem is one line that names the scenario, the file and what is missing.
 * {@code EveryScenarioTest} runs it for every catalogued scenario; the evidence itself checks the
 * measurements (both sides' tests pass, the leak grows, the fix stays flat).
 */
public final class ScenarioCheck {

    /** The template of every scenario chapter, in order. */
    public static final List<String> SECTIONS =
            List.of("Symptom", "Reproduce", "Observe", "Cause", "Fix", "Prove", "Cost", "Exercise");

    /** A test method as a Prove section quotes it: {@code `every_closed_session_leaves_...`}. */
    private static final Pattern TEST_NAME = Pattern.compile("`([a-z][a-z0-9]*(?:_[a-z0-9]+){2,})`");

    private ScenarioCheck() {}

    /** Every problem found with {@code scenario}, empty when it is complete. */
    public static List<String> problems(Scenario scenario, Path evidenceDir) {
        List<String> problems = new ArrayList<>();
        String name = scenario.name();
        Path root = scenario.root();
        for (Side side : Side.values()) {
            Path module = scenario.module(side);
            Path pom = module.resolve("pom.xml");
            if (!Files.isRegularFile(pom)) {
                problems.add(name + ": no " + side + " module: " + root.relativize(pom) + " is missing");
                continue;
            }
            if (!read(pom).contains("<artifactId>" + scenario.artifactId(side) + "</artifactId>")) {
                problems.add(
                        name + ": " + root.relativize(pom) + " must have the artifactId " + scenario.artifactId(side));
            }
            Path main =
                    module.resolve("src/main/java").resolve(scenario.demoMain().replace('.', '/') + ".java");
            if (!Files.isRegularFile(main)) {
                problems.add(name + ": the " + side + " side has no demo " + root.relativize(main) + " (demo.main in "
                        + root.relativize(scenario.descriptor()) + ")");
            }
            if (javaFiles(module.resolve("src/test/java")).isEmpty()) {
                problems.add(name + ": the " + side + " side has no tests in "
                        + root.relativize(module.resolve("src/test/java")));
            }
        }
        checkChapter(scenario, problems);
        checkExercise(scenario, problems);
        checkBenchmarks(scenario, problems);
        if (!Files.isRegularFile(evidenceDir.resolve(name + "-facts.adoc"))) {
            problems.add(name + ": the book's build measured no evidence (" + name + "-facts.adoc): build the book"
                    + " (./mvnw -q package -pl book), whose evidence step fails with what it found");
        }
        return problems;
    }

    private static void checkChapter(Scenario scenario, List<String> problems) {
        String name = scenario.name();
        Path chapter = scenario.chapter();
        String where = scenario.root().relativize(chapter).toString();
        if (!Files.isRegularFile(chapter)) {
            problems.add(name + ": no chapter: " + where + " is missing");
            return;
        }
        String text = read(chapter);
        if (!text.contains("[#" + name + "]")) {
            problems.add(name + ": " + where + " must start with the anchor [#" + name + "], which the book links to");
        }
        int at = -1;
        String previous = "the title";
        for (String section : SECTIONS) {
            String heading = "[#" + name + "-" + section.toLowerCase() + "]\n== " + section + "\n";
            int found = text.indexOf(heading);
            if (found < 0) {
                problems.add(name + ": " + where + " has no " + section + " section ([#" + name + "-"
                        + section.toLowerCase() + "] then == " + section + "), which comes after " + previous);
            } else if (found < at) {
                problems.add(name + ": in " + where + " the " + section + " section comes before " + previous
                        + "; the order is " + SECTIONS);
            } else {
                at = found;
            }
            previous = "the " + section + " section";
        }
        String prove = section(text, name, "prove");
        String tests = Stream.of(Side.values())
                .flatMap(side -> javaFiles(scenario.module(side).resolve("src/test/java")).stream())
                .map(ScenarioCheck::read)
                .reduce("", String::concat);
        Matcher quoted = TEST_NAME.matcher(prove);
        while (quoted.find()) {
            if (!tests.contains(" " + quoted.group(1) + "(")) {
                problems.add(name + ": the Prove section of " + where + " names the test " + quoted.group(1)
                        + ", which neither side's tests have: was it renamed?");
            }
        }
        if (!text.contains("include::" + name + "-exercise.adoc[]")) {
            problems.add(name + ": the Exercise section of " + where + " must include " + name + "-exercise.adoc");
        }
    }

    private static void checkExercise(Scenario scenario, List<String> problems) {
        String name = scenario.name();
        Path manifest = scenario.exercise().resolve("exercise.properties");
        if (!Files.isRegularFile(manifest)) {
            problems.add(name + ": no exercise: " + scenario.root().relativize(manifest) + " is missing");
            return;
        }
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!name.equals(properties.getProperty("chapter", "").strip())) {
            problems.add(
                    name + ": " + scenario.root().relativize(manifest) + " must name its chapter: chapter = " + name);
        }
        Path chapterPart = scenario.root().resolve("book/src/docs/asciidoc").resolve(name + "-exercise.adoc");
        if (!Files.isRegularFile(chapterPart)) {
            problems.add(name + ": no " + scenario.root().relativize(chapterPart) + ", the chapter's Exercise section");
        }
    }

    private static void checkBenchmarks(Scenario scenario, List<String> problems) {
        String name = scenario.name();
        Path dir = scenario.benchmarkSources();
        Pattern benchmark = Pattern.compile("\\b" + scenario.benchmarkPrefix() + "_\\d+_\\w+");
        List<String> classes = javaFiles(dir).stream()
                .map(p -> p.getFileName().toString().replace(".java", ""))
                .filter(c -> benchmark.matcher(c).matches())
                .toList();
        if (classes.isEmpty()) {
            problems.add(name + ": no benchmark " + scenario.benchmarkPrefix() + "_NN_Topic in "
                    + scenario.root().relativize(dir) + " (benchmarks in "
                    + scenario.root().relativize(scenario.descriptor()) + ")");
        }
        if (!Files.isRegularFile(scenario.benchmarkResults())) {
            problems.add(name + ": no recorded run " + scenario.root().relativize(scenario.benchmarkResults())
                    + "; record one with leaklab.benchmarks.report.RecordCost (benchmarks/README.md)");
        }
        if (!Files.isRegularFile(scenario.chapter())) {
            return;
        }
        String cost = section(read(scenario.chapter()), name, "cost");
        if (!cost.contains("benchmarks/target/generated/" + name + "-cost.adoc")) {
            problems.add(name + ": the Cost section of its chapter must include the generated table,"
                    + " {project-root}/benchmarks/target/generated/" + name + "-cost.adoc");
        }
        Matcher named = benchmark.matcher(cost);
        while (named.find()) {
            if (!classes.contains(named.group())) {
                problems.add(name + ": the Cost section names the benchmark " + named.group() + ", which "
                        + scenario.root().relativize(dir) + " does not have: was it renamed?");
            }
        }
    }

    /** The text of {@code [#<name>-<id>]} up to the next section of the chapter. */
    static String section(String text, String name, String id) {
        int start = text.indexOf("[#" + name + "-" + id + "]");
        if (start < 0) {
            return "";
        }
        int end = text.indexOf("\n[#" + name + "-", start + 1);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    private static List<Path> javaFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
