package leaklab.benchmarks.slice;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import leaklab.benchmarks.BodyAllocationProfiler;
import leaklab.benchmarks.ForkedJvm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
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
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgs = {ForkedJvm.HEAP_MIN, ForkedJvm.HEAP_MAX})
public class SliceCost_02_CopyOrView {

    /*
     * How big can a part of a buffer be before copying it stops being cheap?
     *
     * The fix of SliceCost_01 copies 16 bytes. The same choice comes with every view kept out of
     * a bigger buffer: a header, a record, a chunk of a file. So we measure the two ways of
     * keeping viewBytes bytes of a FRAME_BYTES frame, at a few sizes from the scenario's 16 bytes
     * to the whole frame, out of a heap frame and out of a direct one:
     *
     *   leaking: frame.slice(position, viewBytes), a view, which keeps the whole frame;
     *   fixed:   ByteBuffer.allocate(viewBytes).put(that view).flip(), a copy, which keeps only
     *            itself.
     *
     * These are the JDK's own calls, measured directly: no method of the scenario takes a size.
     * The view's cost does not depend on its size (an object of a few fields); the copy's does,
     * twice: it allocates the bytes (and zeroes them) and copies them. From some size on, the
     * copy is a real cost next to what the frame took to read in the first place: reading a
     * frame is itself a copy of FRAME_BYTES, which is this benchmark's largest size.
     *
     * The view is returned, so that the compiler must build it (JMHSample_08_DeadCode); nothing
     * keeps it, so that neither variant piles anything up, and the frame is the same throughout.
     *
     * Bytes allocated: the benchmark thread's own, from the iteration's setup to its teardown
     * (BodyAllocationProfiler).
     */

    static final int FRAME_BYTES = 1 << 20;

    @Param({"leaking", "fixed"})
    public String variant;

    @Param({"heap", "direct"})
    public String frames;

    @Param({"16", "256", "4096", "65536", "1048576"})
    public int viewBytes;

    private ByteBuffer frame;
    private boolean copy;
    private long allocatedBefore;

    @Setup(Level.Trial)
    public void frame() {
        if (viewBytes > FRAME_BYTES) {
            throw new IllegalArgumentException(
                    "a view of " + viewBytes + " bytes does not fit a frame of " + FRAME_BYTES);
        }
        frame = frames.equals("direct") ? ByteBuffer.allocateDirect(FRAME_BYTES) : ByteBuffer.allocate(FRAME_BYTES);
        copy = variant.equals("fixed");
    }

    @Setup(Level.Iteration)
    public void startCounting() {
        allocatedBefore = BodyAllocationProfiler.start();
    }

    @Benchmark
    public ByteBuffer keepPartOfTheFrame() {
        ByteBuffer view = frame.slice(0, viewBytes);
        return copy ? ByteBuffer.allocate(viewBytes).put(view).flip() : view;
    }

    @TearDown(Level.Iteration)
    public void stopCounting() {
        BodyAllocationProfiler.stop(allocatedBefore);
    }

    /*
     * ============================== HOW TO RUN THIS TEST: ====================================
     *
     * The figures of a real run are the book's table, generated from benchmarks/results/slice.json
     * (the chapter "Sixteen bytes that keep a mebibyte", section Cost). Read each size down the
     * two variants: the view's time and bytes stay put, the copy's grow with the size, and the
     * largest copies take the slow path of a large allocation as well.
     *
     * You can run this test:
     *
     * a) Via the command line, from the project root:
     *    $ ./mvnw -q package -pl benchmarks -am -DskipTests
     *    $ java -jar benchmarks/target/benchmarks.jar SliceCost_02 -prof leaklab.benchmarks.BodyAllocationProfiler
     *
     * b) Via the Java API (run main from the IDE, benchmarks built as above).
     */

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(SliceCost_02_CopyOrView.class.getSimpleName())
                .addProfiler(BodyAllocationProfiler.class)
                .build();
        new Runner(options).run();
    }
}
