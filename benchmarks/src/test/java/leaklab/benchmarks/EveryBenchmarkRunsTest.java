package leaklab.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Keeps the benchmarks from rotting: every benchmark, with every parameter set, runs once in this
 * JVM (no fork, no warm-up, one short iteration) on each build, and must report a time and the
 * bytes it allocated (see {@link BodyAllocationProfiler}). Its figures mean nothing; that it produces them at all is the check.
 */
class EveryBenchmarkRunsTest {

    private static final String ALL_BENCHMARKS = "leaklab\\.benchmarks\\..*";

    @Test
    void everyBenchmarkRunsOnceAndReportsTimeAndAllocation() throws Exception {
        Options options = new OptionsBuilder()
                .include(ALL_BENCHMARKS)
                .forks(0) // in this JVM; surefire's argLine opens what the teardowns need
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100)) // for benchmarks that run for a time
                .timeout(TimeValue.seconds(60))
                .addProfiler(GCProfiler.class)
                .addProfiler(BodyAllocationProfiler.class)
                .shouldFailOnError(true) // an exception in a benchmark fails this test, with its cause
                .verbosity(VerboseMode.SILENT)
                .build();

        long start = System.nanoTime();
        Collection<RunResult> results = new Runner(options).run();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

        List<String> ran = new ArrayList<>();
        for (RunResult run : results) {
            String name = run.getParams().getBenchmark() + paramsOf(run);
            Result<?> primary = run.getPrimaryResult();
            assertThat(primary.getScore())
                    .as("time per operation of %s", name)
                    .isPositive()
                    .isFinite();
            var secondary = run.getSecondaryResults();
            assertThat(secondary).as("-prof gc figures of %s", name).containsKey("gc.alloc.rate.norm");
            assertThat(secondary)
                    .as("allocation recorded by %s itself", name)
                    .containsKey(BodyAllocationProfiler.METRIC);
            ran.add(name + ": " + Math.round(primary.getScore()) + " " + primary.getScoreUnit() + ", "
                    + Math.round(secondary.get(BodyAllocationProfiler.METRIC).getScore()) + " B/op");
        }
        System.out.printf(
                "Every benchmark ran once, in %d s (figures from one short iteration, not a measurement):%n", seconds);
        ran.forEach(line -> System.out.println("  " + line));

        assertThat(results).as("one result per benchmark and parameter set").hasSize(expectedRuns());
    }

    private static String paramsOf(RunResult run) {
        SortedSet<String> params = new TreeSet<>();
        for (String key : run.getParams().getParamsKeys()) {
            params.add(key + "=" + run.getParams().getParam(key));
        }
        return params.isEmpty() ? "" : " " + params;
    }

    // What JMH's annotation processor listed (what `java -jar benchmarks.jar -l` prints), with
    // every parameter combination, so that a benchmark that silently produced nothing is caught.
    private static int expectedRuns() {
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        Set<BenchmarkListEntry> entries = BenchmarkList.defaultList()
                .find(
                        OutputFormatFactory.createFormatInstance(discard, VerboseMode.SILENT),
                        List.of(ALL_BENCHMARKS),
                        List.of());
        assertThat(entries).as("benchmarks found by JMH").isNotEmpty();
        int runs = 0;
        for (BenchmarkListEntry entry : entries) {
            int combinations = 1;
            if (entry.getParams().hasValue()) {
                for (String[] values : entry.getParams().get().values()) {
                    combinations *= values.length;
                }
            }
            runs += combinations; // an entry per benchmark method and mode
        }
        return runs;
    }
}
