package leaklab.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CostTableTest {

    // Two results as JMH 1.37 writes them with -prof gc and BodyAllocationProfiler (fields the
    // table does not read left out).
    private static final String JMH_JSON = """
            [
                {
                    "jmhVersion" : "1.37",
                    "benchmark" : "leaklab.benchmarks.timer.TimerCost_02_QueuedHeartbeats.openAndClose",
                    "mode" : "ss",
                    "threads" : 1,
                    "forks" : 1,
                    "jvm" : "/opt/some-jdk/bin/java",
                    "jvmArgs" : [
                        "-Xms512m",
                        "-Xmx512m",
                        "-XX:HeapDumpPath=%s/dumps"
                    ],
                    "jdkVersion" : "17.0.15",
                    "vmName" : "OpenJDK 64-Bit Server VM",
                    "vmVersion" : "17.0.15+6",
                    "warmupIterations" : 20,
                    "warmupTime" : "single-shot",
                    "warmupBatchSize" : 1,
                    "measurementIterations" : 30,
                    "measurementTime" : "single-shot",
                    "measurementBatchSize" : 1,
                    "params" : {
                        "closedBefore" : "100000",
                        "variant" : "fixed"
                    },
                    "primaryMetric" : {
                        "score" : 1234.5678,
                        "scoreError" : 56.789,
                        "scoreUnit" : "ns/op"
                    },
                    "secondaryMetrics" : {
                        "gc.alloc.rate.norm" : {
                            "score" : 56712.0301,
                            "scoreError" : 0.5,
                            "scoreUnit" : "B/op"
                        },
                        "body.alloc.norm" : {
                            "score" : 712.0301,
                            "scoreError" : 0.5,
                            "scoreUnit" : "B/op"
                        }
                    }
                },
                {
                    "jmhVersion" : "1.37",
                    "benchmark" : "leaklab.benchmarks.timer.TimerCost_02_QueuedHeartbeats.openAndClose",
                    "mode" : "ss",
                    "threads" : 1,
                    "forks" : 1,
                    "jvm" : "/opt/some-jdk/bin/java",
                    "jvmArgs" : [],
                    "jdkVersion" : "17.0.15",
                    "vmName" : "OpenJDK 64-Bit Server VM",
                    "vmVersion" : "17.0.15+6",
                    "warmupIterations" : 20,
                    "warmupTime" : "single-shot",
                    "warmupBatchSize" : 1,
                    "measurementIterations" : 30,
                    "measurementTime" : "single-shot",
                    "measurementBatchSize" : 1,
                    "params" : {
                        "closedBefore" : "100000",
                        "variant" : "leaking"
                    },
                    "primaryMetric" : {
                        "score" : 1.5,
                        "scoreError" : "NaN",
                        "scoreUnit" : "us/op"
                    },
                    "secondaryMetrics" : {
                        "gc.alloc.rate.norm" : {
                            "score" : 56700.0,
                            "scoreError" : "NaN",
                            "scoreUnit" : "B/op"
                        },
                        "body.alloc.norm" : {
                            "score" : 700.0,
                            "scoreError" : "NaN",
                            "scoreUnit" : "B/op"
                        }
                    }
                }
            ]
            """.formatted(System.getProperty("user.home"));

    @Test
    void aRowPerResultLeakFirstInNanosecondsPerOperationWithTheMethodsOwnAllocation() {
        String table = CostTable.render(JMH_JSON, "results/timer.json");

        assertThat(table).contains("|Benchmark |Side |Closed before |ns/op ± error |B/op");
        assertThat(table)
                .containsSubsequence(
                        "|`+TimerCost_\u200b02_\u200bQueuedHeartbeats.\u200bopenAndClose+`\n|leaking\n|100,000\n|1,500 ± n/a\n|700\n",
                        "|`+TimerCost_\u200b02_\u200bQueuedHeartbeats.\u200bopenAndClose+`\n|fixed\n|100,000\n|1,235 ± 57\n|712\n");
    }

    @Test
    void theCaptionSaysWhereTheFiguresComeFrom() {
        String recorded = RecordCost.scrubbed(
                JMH_JSON, Map.of("os", "Linux amd64", "cores", new java.math.BigDecimal(2), "cpu", "Some CPU"));

        String caption = CostTable.render(recorded, "results/timer.json")
                .lines()
                .filter(line -> line.startsWith("."))
                .findFirst()
                .orElseThrow();

        assertThat(caption)
                .isEqualTo(".Measured with JMH 1.37 on JDK 17.0.15 (OpenJDK 64-Bit Server VM), "
                        + "Linux amd64, 2 cores (Some CPU), -Xms512m -Xmx512m. Single shot, 20 warm-up and 30 measured "
                        + "iterations, 1 fork. Error: 99.9% confidence interval. B/op: allocated by the benchmark method "
                        + "itself (body.alloc.norm).");
    }

    @Test
    void theRecordedFileNamesNoPathOfTheMachineThatRanIt() {
        String recorded = RecordCost.scrubbed(JMH_JSON, Map.of("os", "Linux amd64"));

        assertThat(recorded)
                .contains("\"jvm\" : \"JDK 17.0.15\"")
                .contains("\"-XX:HeapDumpPath=${user.home}/dumps\"")
                .doesNotContain("/opt/some-jdk")
                .doesNotContain(System.getProperty("user.home") + "/");
    }

    @Test
    void a_class_of_several_methods_names_each_in_its_facts_and_compares_them_two_by_two() {
        String twoMethods = """
                [
                    {
                        "benchmark" : "leaklab.benchmarks.some.SomeCost_02_TwoWays.newWay",
                        "primaryMetric" : { "score" : 3.0, "scoreError" : 0.1, "scoreUnit" : "us/op" }
                    },
                    {
                        "benchmark" : "leaklab.benchmarks.some.SomeCost_02_TwoWays.oldWay",
                        "primaryMetric" : { "score" : 1000.0, "scoreError" : 50.0, "scoreUnit" : "ns/op" }
                    }
                ]
                """;

        String facts = CostTable.facts("some", twoMethods, "results/some.json");

        assertThat(facts)
                .contains(
                        ":some-cost-02-new-way: 3,000 ± 100 ns/op\n",
                        ":some-cost-02-old-way: 1,000 ± 50 ns/op\n",
                        ":some-cost-02-new-way-vs-old-way: 3.0 times as slow, beyond both errors\n",
                        ":some-cost-02-old-way-vs-new-way: 3.0 times as fast, beyond both errors\n");
    }
}
