package leaklab.book.diagnosis;

import java.io.InputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The thread leak met most often, in its plainest form: a report service that runs each call on a
 * thread pool of its own and never shuts it down. The diagnosis chapter looks at it from outside,
 * while the book builds, for what its steps teach:
 * <ul>
 *   <li>the threads: {@code Executors.newFixedThreadPool} names its threads {@code pool-N-thread-M},
 *       N counting the pools this JVM ever made, so a new executor per call shows as a rising N with
 *       M stuck at 1;</li>
 *   <li>a class histogram's {@code java.lang.Thread} row is not the live threads: each call also
 *       registers a shutdown hook, to shut its pool down at exit, and a hook is a {@code Thread} that
 *       was never started, a plain object held by the JDK's registry of hooks;</li>
 *   <li>{@code GC.class_histogram -all} against the live histogram: the {@link ReportCall} objects
 *       are garbage as soon as each call returns, while their pools stay, held by their own threads.</li>
 * </ul>
 * Run: {@code java -cp book/target/classes leaklab.book.diagnosis.ExecutorPerCall 40}. It makes that
 * many calls, prints {@code ready after 40 calls}, and waits for the end of its standard input
 * (Ctrl-D); then it exits, and its shutdown hooks shut the pools down.
 */
public final class ExecutorPerCall {

    /** What {@link #main} prints once every call is made: the evidence looks inside after it. */
    public static final String READY = "ready after %d calls";

    private ExecutorPerCall() {}

    // tag::call[]
    /** One call to the report service, and the pool it makes for itself. */
    static final class ReportCall {

        private final ExecutorService pool = Executors.newFixedThreadPool(1); // the leak: a pool per call

        ReportCall() {
            // Meant well: the pool is shut down at exit. Until then the hook, and the pool, stay.
            Runtime.getRuntime().addShutdownHook(new Thread(pool::shutdown));
        }

        String run(int n) throws InterruptedException, ExecutionException {
            // Forgotten: pool.shutdown() once the report is done. Its worker waits for a next task for ever.
            return pool.submit(() -> "report " + n).get();
        }
    }
    // end::call[]

    public static void main(String[] args) throws java.io.IOException, InterruptedException, ExecutionException {
        int calls = calls(args);
        for (int n = 1; n <= calls; n++) {
            new ReportCall().run(n);
        }
        System.out.printf(READY + "%n", calls);
        System.out.flush();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // anything but the end of input: keep waiting
        }
        // The pools' threads are not daemons: without exit, the JVM would never end.
        System.exit(0);
    }

    private static int calls(String[] args) {
        if (args.length != 1 || !args[0].matches("\\d{1,4}") || Integer.parseInt(args[0]) < 1) {
            System.err.println(
                    "usage: ExecutorPerCall CALLS (1 to 9999): the calls to make, each with a pool of its own");
            System.exit(2);
        }
        return Integer.parseInt(args[0]);
    }
}
