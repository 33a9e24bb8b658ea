package leaklab.catalog;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One scenario, as its descriptor {@code scenarios/<name>/scenario.properties} describes it: a
 * leak, a pair of modules that run the same workload (the leaking side in {@code scenarios/<name>},
 * the fixed side in {@code fixes/<name>}), its book chapter, its exercise and its benchmarks.
 *
 * @param name the folder's name, used everywhere: {@code timer}
 * @param root the project root
 * @param order its chapter's place among the scenario chapters
 * @param title the chapter's title
 * @param leak the one line of the project's table of scenarios: what leaks
 * @param operation one operation of the workload, as growth figures read: {@code session}
 * @param operations the plural: {@code sessions}
 * @param demoMain the live demo's main class, the same on both sides
 * @param evidence what the book measures while it builds
 * @param benchmarkPrefix the prefix of its benchmark classes: {@code TimerCost}
 * @param expectedVerdict what {@code ./diagnose} must conclude about the leaking demo; empty for a
 *         descriptor without the diagnose keys
 */
public record Scenario(
        String name,
        Path root,
        int order,
        String title,
        String leak,
        String operation,
        String operations,
        String demoMain,
        Evidence evidence,
        String benchmarkPrefix,
        Optional<ExpectedVerdict> expectedVerdict) {

    public static final String DESCRIPTOR = "scenario.properties";

    /** A side's module folder. */
    public Path module(Side side) {
        return root.resolve(side.module(name));
    }

    /** A side's artifact id: {@code timer-leaking}, {@code timer-fixed}. */
    public String artifactId(Side side) {
        return name + "-" + side.word();
    }

    public Path descriptor() {
        return root.resolve(Side.LEAKING.module(name)).resolve(DESCRIPTOR);
    }

    /** The book chapter: {@code book/src/docs/asciidoc/<name>.adoc}. */
    public Path chapter() {
        return root.resolve("book/src/docs/asciidoc").resolve(name + ".adoc");
    }

    /** The workshop exercise that transfers the chapter's lesson: {@code exercises/<name>}. */
    public Path exercise() {
        return root.resolve("exercises").resolve(name);
    }

    /** The benchmark classes' folder: {@code benchmarks/src/main/java/leaklab/benchmarks/<name>}. */
    public Path benchmarkSources() {
        return root.resolve("benchmarks/src/main/java/leaklab/benchmarks").resolve(name);
    }

    /** The recorded JMH run the chapter's Cost section reads: {@code benchmarks/results/<name>.json}. */
    public Path benchmarkResults() {
        return root.resolve("benchmarks/results").resolve(name + ".json");
    }
}
