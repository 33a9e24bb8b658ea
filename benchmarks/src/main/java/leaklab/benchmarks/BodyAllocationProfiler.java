package leaklab.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Bytes allocated per operation by the benchmark method itself: {@code body.alloc.norm}, in B/op.
 *
 * <p>Why not {@code -prof gc}? Its {@code gc.alloc.rate.norm} counts what every thread of the JVM
 * allocated between the start and the end of an iteration, and divides by the operations. That
 * includes the iteration's {@code @Setup} and {@code @TearDown}. For most benchmarks those are
 * negligible; ours are not. TimerCost_02 opens and closes up to 100,000 sessions in its setup to
 * build a history, and TimerCost_01's teardown reads the stacks of the 1,000 threads it stops:
 * {@code gc.alloc.rate.norm} would report the setup's bytes (about 56 KB per operation for a
 * history of 100,000) and call them the cost of one open and close.
 *
 * <p>So the benchmark method measures its own thread's allocation around the measured work and
 * reports it here:
 * <pre>
 * long before = BodyAllocationProfiler.start();
 * ... the measured work ...
 * BodyAllocationProfiler.stop(before);
 * </pre>
 * and this profiler divides the sum by the iteration's operations, as {@code -prof gc} does.
 * Allocations made by other threads on the method's behalf are not counted (a thread's stack is
 * not heap anyway). Enable it with {@code -prof leaklab.benchmarks.BodyAllocationProfiler}; a
 * benchmark that does not record reports nothing.
 */
public final class BodyAllocationProfiler implements InternalProfiler {

    /** The name of the secondary result, next to JMH's {@code gc.alloc.rate.norm}. */
    public static final String METRIC = "body.alloc.norm";

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final LongAdder BYTES = new LongAdder();
    private static final LongAdder RECORDINGS = new LongAdder();

    /** The bytes this thread has allocated so far; pass the value to {@link #stop(long)}. */
    public static long start() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Adds what this thread allocated since {@link #start()} to the iteration's total. */
    public static void stop(long startedAt) {
        BYTES.add(THREADS.getCurrentThreadAllocatedBytes() - startedAt);
        RECORDINGS.increment();
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        BYTES.reset();
        RECORDINGS.reset();
    }

    @Override
    @SuppressWarnings("rawtypes") // the signature of JMH's InternalProfiler
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        long operations = result.getMetadata().getAllOps();
        if (RECORDINGS.sum() == 0 || operations == 0) {
            return List.of();
        }
        double bytesPerOperation = (double) BYTES.sum() / operations;
        return List.of(new ScalarResult(METRIC, bytesPerOperation, "B/op", AggregationPolicy.AVG));
    }

    @Override
    public String getDescription() {
        return "Bytes allocated per operation inside the benchmark method (setup, teardown and other threads excluded)";
    }
}
