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
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(
        value = 1,
        jvmArgs = {ForkedJvm.HEAP_MIN, ForkedJvm.HEAP_MAX})
public class SliceCost_01_IngestAFrame {

    /*
     * What does the fix cost the ingester, per frame?
     *
     * The fix is one line of MessageIngester.idOf: the leaking ingester keeps a view of the
     * frame's first 16 bytes, frame.slice(position, 16); the fixed one copies them,
     * ByteBuffer.allocate(16).put(that view).flip(). So we measure what ingest(frame) costs a new
     * message in each variant, leaking (scenarios/slice) against fixed (fixes/slice): the id, the
     * look-up in the index, the id that leaves the window, and the payload view handed to the
     * handler. For heap frames and for direct ones: the copy out of a direct buffer goes through
     * native memory.
     *
     * The trap: the leaking ingester keeps every frame it sees, a mebibyte each, for as long as
     * the id stays in its window. A benchmark that reads new frames into new buffers would pile
     * them up by the thousand a second and measure the garbage collector drowning; and a
     * benchmark that ingests the same frame again measures a duplicate, which keeps nothing.
     *
     * What we do instead: FRAMES frames of FRAME_BYTES are built once, each with an id of its
     * own, and ingested in turn by an ingester whose window holds WINDOW ids, fewer than FRAMES.
     * By the time a frame comes round again its id has left the window, so every call is a new
     * message, as in the scenario, and neither variant ever holds more than the frames the
     * benchmark itself holds. Reading the frame off a channel is left out: both variants pay it
     * alike, and it would drown the difference (SliceCost_02 measures a copy that size).
     *
     * Bytes allocated: the benchmark thread's own, from the iteration's setup to its teardown
     * (BodyAllocationProfiler). Nothing else allocates on it in between.
     */

    static final int FRAME_BYTES = 1 << 20;
    static final int FRAMES = 32;
    static final int WINDOW = 8;

    @Param({"leaking", "fixed"})
    public String variant;

    @Param({"heap", "direct"})
    public String frames;

    private SliceVariant slice;
    private Object ingester;
    private ByteBuffer[] pool;
    private int next;
    private long allocatedBefore;

    @Setup(Level.Trial)
    public void framesAndIngester() {
        slice = SliceVariant.of(variant);
        ingester = slice.newIngester(WINDOW, payload -> {});
        pool = new ByteBuffer[FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            ByteBuffer frame =
                    frames.equals("direct") ? ByteBuffer.allocateDirect(FRAME_BYTES) : ByteBuffer.allocate(FRAME_BYTES);
            frame.putLong(0, 0x51_1CE).putLong(Long.BYTES, i); // the message id: 16 bytes of its own
            pool[i] = frame;
        }
    }

    @Setup(Level.Iteration)
    public void startCounting() {
        allocatedBefore = BodyAllocationProfiler.start();
    }

    @Benchmark
    public boolean ingestANewMessage() {
        ByteBuffer frame = pool[next];
        next = (next + 1) % FRAMES;
        return slice.ingest(ingester, frame); // always true: the id left the window since its last turn
    }

    @TearDown(Level.Iteration)
    public void stopCounting() {
        BodyAllocationProfiler.stop(allocatedBefore);
    }

    @TearDown(Level.Trial)
    public void checkEveryMessageWasNew() {
        // A duplicate would keep nothing and skip the handler: it would measure the wrong path.
        for (int i = 0; i < FRAMES; i++) {
            if (!slice.ingest(ingester, pool[(next + i) % FRAMES])) {
                throw new IllegalStateException(
                        "a frame came round while its id was still in the window:" + " FRAMES must exceed WINDOW");
            }
        }
    }

    /*
     * ============================== HOW TO RUN THIS TEST: ====================================
     *
     * The figures of a real run are the book's table, generated from benchmarks/results/slice.json
     * (the chapter "Sixteen bytes that keep a mebibyte", section Cost): compare the two variants
     * of each kind of frame, in time and in bytes. The fixed variant allocates the copy, an array
     * of 16 bytes and the buffer around it, which the leaking one does not; in exchange, its index
     * holds those bytes and nothing else, where the leaking one holds a mebibyte per id.
     *
     * You can run this test:
     *
     * a) Via the command line, from the project root:
     *    $ ./mvnw -q package -pl benchmarks -am -DskipTests
     *    $ java -jar benchmarks/target/benchmarks.jar SliceCost_01 -prof leaklab.benchmarks.BodyAllocationProfiler
     *
     * b) Via the Java API (run main from the IDE, benchmarks built as above; see the JMH homepage
     *    for caveats when running from an IDE).
     */

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(SliceCost_01_IngestAFrame.class.getSimpleName())
                .addProfiler(BodyAllocationProfiler.class)
                .build();
        new Runner(options).run();
    }
}
