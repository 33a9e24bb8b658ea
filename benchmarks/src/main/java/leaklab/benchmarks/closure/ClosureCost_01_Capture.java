package leaklab.benchmarks.closure;

import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import leaklab.benchmarks.BodyAllocationProfiler;
import leaklab.benchmarks.ForkedJvm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(
        value = 1,
        jvmArgs = {ForkedJvm.HEAP_MIN, ForkedJvm.HEAP_MAX})
public class ClosureCost_01_Capture {

    /*
     * What does it cost to make a callback, by what it captures?
     *
     * The leaking ReportRequest subscribes with `change -> tellOutOfDate(change)`: the lambda
     * calls an instance method, so it captures `this`, and each request makes a new callback
     * object with one field, the request. The fixed one first copies the three things the
     * callback reads (the notifier, the client's id, the report's id) into locals, and its lambda
     * captures those: a new object with three fields. A callback that captures nothing at all is
     * made once, by the first call, and every later call returns that same object. And the other
     * way the chapter shows, a static nested class with explicit fields, is a plain `new`.
     *
     * So we measure making each one, as the request does, on this benchmark's own state, which
     * stands for a request: the time, and the bytes the method allocates per call. Nothing here
     * touches the scenario's classes: these are the JDK's own lambdas (LambdaMetafactory, the
     * invokedynamic call site javac emits), the same for any code. Each method returns the
     * callback it made, so that JMH consumes it (JMHSample_09_Blackholes): a callback nobody
     * uses could be scalar-replaced by the compiler (escape analysis), and allocate nothing.
     *
     * Bytes allocated: the benchmark thread's own, from the iteration's setup to its teardown
     * (BodyAllocationProfiler, started and stopped there, as in ThreadCost_01: reading the
     * thread's allocation counter costs more than what we measure). JMH's loop allocates nothing.
     * The call's time is a few nanoseconds here; what a whole request costs, rendering its
     * upload included, is ClosureCost_02.
     */

    // The request: what the callbacks are written in, and what they read.
    private final String clientId = "client-7";
    private final String reportId = "report-7";
    private final BiConsumer<String, String> notifier = (client, message) -> {};
    private final byte[] upload = new byte[64 * 1024]; // what a callback that captures `this` holds too
    private long allocatedBefore;

    @Setup(Level.Iteration)
    public void startCounting() {
        allocatedBefore = BodyAllocationProfiler.start();
    }

    @Benchmark
    public Consumer<Long> capturingNothing() {
        return version -> {}; // made once: every call returns the same object
    }

    @Benchmark
    public Consumer<Long> capturingThis() {
        return version -> tellOutOfDate(version); // the leaking callback's shape: one field, this
    }

    @Benchmark
    public Consumer<Long> capturingTheCopies() {
        String client = clientId; // the fix's copies: three fields
        String report = reportId;
        BiConsumer<String, String> to = notifier;
        return version -> to.accept(client, report + " is out of date (version " + version + ")");
    }

    @Benchmark
    public Consumer<Long> staticNestedClass() {
        return new TellOutOfDate(notifier, clientId, reportId); // the same three fields, by hand
    }

    @TearDown(Level.Iteration)
    public void stopCounting() {
        BodyAllocationProfiler.stop(allocatedBefore);
    }

    private void tellOutOfDate(long version) {
        notifier.accept(clientId, reportId + " is out of date (version " + version + "), " + upload.length + " bytes");
    }

    /** The callback as a static nested class: it holds what it is given, nothing else. */
    private static final class TellOutOfDate implements Consumer<Long> {
        private final BiConsumer<String, String> to;
        private final String clientId;
        private final String reportId;

        TellOutOfDate(BiConsumer<String, String> to, String clientId, String reportId) {
            this.to = to;
            this.clientId = clientId;
            this.reportId = reportId;
        }

        @Override
        public void accept(Long version) {
            to.accept(clientId, reportId + " is out of date (version " + version + ")");
        }
    }

    /*
     * ============================== HOW TO RUN THIS TEST: ====================================
     *
     * The recorded run is benchmarks/results/closure.json; the book's closure chapter shows it as
     * a table (Cost), generated from that file, and reads it. Read it like this: the time of each
     * is a few nanoseconds, a request's costs are in microseconds (ClosureCost_02); the bytes
     * column is the answer. A callback that captures nothing allocates nothing per call; one that
     * captures allocates an object per call, whose size grows with its fields: the object header
     * and one reference per captured value, rounded up to 8 bytes. The fix's copies cost a few
     * bytes more per callback than capturing `this`, and save the request, upload and all, from
     * living as long as the callback.
     *
     * You can run this test:
     *
     * a) Via the command line, from the project root:
     *    $ ./mvnw -q package -pl benchmarks -am -DskipTests
     *    $ java -jar benchmarks/target/benchmarks.jar ClosureCost_01 -prof leaklab.benchmarks.BodyAllocationProfiler
     *
     * b) Via the Java API (run main from the IDE, benchmarks built as above).
     */

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(ClosureCost_01_Capture.class.getSimpleName())
                .addProfiler(BodyAllocationProfiler.class)
                .build();
        new Runner(options).run();
    }
}
