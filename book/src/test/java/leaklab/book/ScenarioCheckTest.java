package leaklab.book;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import leaklab.catalog.Scenario;
import leaklab.catalog.ScenarioCatalog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A deliberately broken scenario, built in a folder of its own: each problem is named, with the scenario and the file. */
class ScenarioCheckTest {

    @TempDir
    Path root;

    private Path evidence;

    @BeforeEach
    void aCompleteScenario() throws IOException {
        write("scenarios/cache/scenario.properties", """
                order = 1
                title = A cache
                leak = a cache that grows
                operation = get
                operations = gets
                demo.main = leaklab.cache.CacheDemo
                evidence.rate = 100
                evidence.look.1.after = 100
                evidence.look.1.jcmd = GC.class_histogram
                evidence.look.2.after = 200
                evidence.look.2.jcmd = GC.class_histogram
                evidence.chart = threads
                evidence.leaking.histogram.leaklab.cache.Entry = 0.9
                evidence.fixed.histogram.leaklab.cache.Entry = 0.1
                benchmarks = CacheCost
                """);
        for (String side : new String[] {"scenarios", "fixes"}) {
            String artifact = side.equals("scenarios") ? "cache-leaking" : "cache-fixed";
            write(side + "/cache/pom.xml", "<project><artifactId>" + artifact + "</artifactId></project>");
            write(side + "/cache/src/main/java/leaklab/cache/CacheDemo.java", "class CacheDemo {}");
        }
        write(
                "scenarios/cache/src/test/java/leaklab/cache/CacheLeakingTest.java",
                "class CacheLeakingTest { void every_get_keeps_its_entry() {} }");
        write(
                "fixes/cache/src/test/java/leaklab/cache/CacheFixedTest.java",
                "class CacheFixedTest { void a_bounded_cache_stays_at_its_bound() {} }");
        StringBuilder chapter = new StringBuilder("[#cache]\n= A cache\n\n");
        for (String section : ScenarioCheck.SECTIONS) {
            chapter.append("[#cache-")
                    .append(section.toLowerCase())
                    .append("]\n== ")
                    .append(section)
                    .append("\n\n");
            if (section.equals("Prove")) {
                chapter.append("* `every_get_keeps_its_entry`: the leak.\n\n");
            }
            if (section.equals("Cost")) {
                chapter.append(
                        "`CacheCost_01_Get`\n\ninclude::{project-root}/benchmarks/target/generated/cache-cost.adoc[]\n\n");
            }
            if (section.equals("Exercise")) {
                chapter.append("include::cache-exercise.adoc[]\n");
            }
        }
        write("book/src/docs/asciidoc/cache.adoc", chapter.toString());
        write("book/src/docs/asciidoc/cache-exercise.adoc", "The task.");
        write("exercises/cache/exercise.properties", "chapter = cache\n");
        write("benchmarks/src/main/java/leaklab/benchmarks/cache/CacheCost_01_Get.java", "class CacheCost_01_Get {}");
        write("benchmarks/results/cache.json", "[]");
        evidence = root.resolve("evidence");
        write("evidence/cache-facts.adoc", ":cache-jdk: 17\n");
    }

    @Test
    void a_complete_scenario_has_no_problem() {
        assertThat(ScenarioCheck.problems(scenario(), evidence)).isEmpty();
    }

    @Test
    void a_chapter_without_its_cost_section_is_named_with_the_section_before_it() throws IOException {
        Path chapter = root.resolve("book/src/docs/asciidoc/cache.adoc");
        Files.writeString(chapter, Files.readString(chapter).replace("[#cache-cost]\n== Cost\n", ""));

        assertThat(ScenarioCheck.problems(scenario(), evidence))
                .contains("cache: book/src/docs/asciidoc/cache.adoc"
                        + " has no Cost section ([#cache-cost] then == Cost), which comes after the Prove section");
    }

    @Test
    void a_test_the_prove_section_names_must_exist_on_one_side() throws IOException {
        write(
                "scenarios/cache/src/test/java/leaklab/cache/CacheLeakingTest.java",
                "class CacheLeakingTest { void every_get_keeps_an_entry() {} }");

        assertThat(ScenarioCheck.problems(scenario(), evidence))
                .singleElement()
                .asString()
                .startsWith("cache: the Prove section of book/src/docs/asciidoc/cache.adoc names the test"
                        + " every_get_keeps_its_entry, which neither side's tests have");
    }

    @Test
    void a_missing_exercise_benchmark_and_evidence_are_each_named() throws IOException {
        Files.delete(root.resolve("exercises/cache/exercise.properties"));
        Files.delete(root.resolve("benchmarks/src/main/java/leaklab/benchmarks/cache/CacheCost_01_Get.java"));
        Files.delete(evidence.resolve("cache-facts.adoc"));

        assertThat(ScenarioCheck.problems(scenario(), evidence))
                .anySatisfy(p ->
                        assertThat(p).startsWith("cache: no exercise: exercises/cache/exercise.properties is missing"))
                .anySatisfy(p -> assertThat(p).startsWith("cache: no benchmark CacheCost_NN_Topic"))
                .anySatisfy(
                        p -> assertThat(p).startsWith("cache: the Cost section names the benchmark CacheCost_01_Get"))
                .anySatisfy(p -> assertThat(p).startsWith("cache: the book's build measured no evidence"));
    }

    private Scenario scenario() {
        return ScenarioCatalog.in(root).find("cache").orElseThrow();
    }

    private void write(String file, String text) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }
}
