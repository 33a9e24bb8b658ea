package leaklab.benchmarks.resource;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(
        value = 1,
        jvmArgs = {ForkedJvm.HEAP_MIN, ForkedJvm.HEAP_MAX})
public class ResourceCost_01_CloseTheBody {

    /*
     * What does try-with-resources cost a response body?
     *
     * The fix wraps every response body in try-with-resources. On the path that reads the body to
     * its end, the one path the leaking relay already closed, what does the close() add? We ask
     * the question with the JDK's own calls, since both variants of the relay share that path: a
     * GET to the scenario's upstream on loopback, answered 200 with a small JSON quote, read with
     * BodyHandlers.ofInputStream() and readAllBytes(), once without close() (readToTheEnd) and
     * once inside try-with-resources (readToTheEndAndClose).
     *
     * Neither leaks: a body read to its end has finished its exchange, and its connection is back
     * in the client's pool before readAllBytes() returns. So both run for as long as JMH likes
     * (Mode.AverageTime), on one client and one connection, and the difference between the two is
     * what close() costs when it has nothing left to do. ResourceCost_03 measures the paths where
     * it has something to do.
     *
     * Bytes allocated: the calling thread's own (BodyAllocationProfiler); the client's selector
     * thread reads the socket and allocates the buffers on its own thread, which is not counted.
     */

    private AutoCloseable upstream;
    private HttpClient client;
    private HttpRequest request;

    @Setup(Level.Trial)
    public void startTheUpstream() {
        // The upstream is the same in both variants; take the fixed one's. It never fails here.
        upstream = ResourceVariant.of("fixed").startUpstream(0);
        client = HttpClient.newHttpClient();
        request = HttpRequest.newBuilder(
                        ResourceVariant.of("fixed").uri(upstream).resolve("/quotes/ACME"))
                .build();
    }

    @Benchmark
    public int readToTheEnd() throws IOException, InterruptedException {
        long allocatedBefore = BodyAllocationProfiler.start();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        int read = response.body().readAllBytes().length;
        BodyAllocationProfiler.stop(allocatedBefore);
        return read;
    }

    @Benchmark
    public int readToTheEndAndClose() throws IOException, InterruptedException {
        long allocatedBefore = BodyAllocationProfiler.start();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        int read;
        try (InputStream body = response.body()) {
            read = body.readAllBytes().length;
        }
        BodyAllocationProfiler.stop(allocatedBefore);
        return read;
    }

    @TearDown(Level.Trial)
    public void stopTheUpstream() throws Exception {
        // The client has no exchange open: it is collected with its idle connection (or the fork ends).
        upstream.close();
    }

    /*
     * ============================== HOW TO RUN THIS TEST: ====================================
     *
     * The recorded run is benchmarks/results/resource.json; the book's resource chapter (Cost)
     * shows it as a table, generated from the JSON. Read the two lines against each other: the
     * whole request is a round trip over loopback through two selector threads, and close() on a
     * body that has reached its end only marks the stream closed. The difference is lost in the
     * error of the request itself.
     *
     * You can run this test:
     *
     * a) Via the command line, from the project root:
     *    $ ./mvnw -q package -pl benchmarks -am -DskipTests
     *    $ java -jar benchmarks/target/benchmarks.jar ResourceCost_01 -prof leaklab.benchmarks.BodyAllocationProfiler
     *
     * b) Via the Java API (run main from the IDE, benchmarks built as above).
     */

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(ResourceCost_01_CloseTheBody.class.getSimpleName())
                .addProfiler(BodyAllocationProfiler.class)
                .build();
        new Runner(options).run();
    }
}
