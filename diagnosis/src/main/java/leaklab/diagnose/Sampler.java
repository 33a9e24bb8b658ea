package leaklab.diagnose;

import io.github.leaklab.leakcheck.heap.Sizes;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Samples a live JVM for the window: once a second the cheap figures (the performance counters,
 * {@code /proc}), at five points a class histogram (each a full collection: the heap's floor), a
 * thread dump and the open files at the first and the last point, and a recording of thread starts
 * in between. Prints a progress line as it goes.
 */
final class Sampler {

    /** Class histograms, evenly spread from the start of the window to its end. */
    static final int POINTS = 5;
    /**
     * What a count (threads, descriptors, buffers) may gain in the window without being a leak: a
     * pool that starts a few more threads under a burst keeps them idle for a while (a cached pool,
     * a minute). A leak adds one per operation, so far more. Ten, or a tenth of the first floor.
     */
    static final int COUNT_NOISE = 10;
    /** The classes of direct buffers, which own or share memory outside the heap. */
    static final List<String> DIRECT_BUFFERS = List.of("java.nio.DirectByteBuffer", "java.nio.DirectByteBufferR");

    private final Target target;
    private final Path folder;
    private final PrintStream progress;
    private final boolean terminal;

    Sampler(Target target, Path folder, PrintStream progress, boolean terminal) {
        this.target = target;
        this.folder = folder;
        this.progress = progress;
        this.terminal = terminal;
    }

    Observations sample(int seconds) throws DiagnoseException {
        PerfCounters counters = PerfCounters.read(target.perfCounters());
        progress.printf(
                "diagnose: sampling the JVM %d (%s) for %d s: %d class histograms (each a full GC),"
                        + " thread dumps, open files, thread starts (JFR)%n",
                target.pid(), target.mainClass(), seconds, POINTS);
        ThreadStarts starts = ThreadStarts.start(target, folder);
        // Ctrl-C must not leave the recording running in the target, taking its memory.
        Thread stopRecording = new Thread(() -> starts.abandon(target), "diagnose: stop the recording");
        Runtime.getRuntime().addShutdownHook(stopRecording);
        try {
            return sample(seconds, counters, starts);
        } finally {
            starts.abandon(target);
            try {
                Runtime.getRuntime().removeShutdownHook(stopRecording);
            } catch (IllegalStateException shuttingDown) {
                // the hook stops it
            }
        }
    }

    private Observations sample(int seconds, PerfCounters startCounters, ThreadStarts starts) throws DiagnoseException {
        List<LiveHistogram> histograms = new ArrayList<>();
        List<Long> heapUsed = new ArrayList<>();
        List<Long> threadFloors = new ArrayList<>();
        List<Long> fdFloors = new ArrayList<>();
        List<Long> classFloors = new ArrayList<>();
        long startCollections = startCounters.collections().orElse(0);

        histograms.add(histogram());
        ThreadDump firstThreads = ThreadDump.parse(target.jcmd("Thread.print"));
        List<String> firstFds = target.proc().openFiles().orElse(List.of());
        Sample first = sample();
        long threadFloor = first.threads;
        long fdFloor = first.fds;
        long classFloor = first.classes;

        long start = System.nanoTime();
        int point = 1;
        Sample last = first;
        for (int second = 1; second <= seconds; second++) {
            waitUntil(start + TimeUnit.SECONDS.toNanos(second));
            last = sample();
            heapUsed.add(last.heapUsed);
            threadFloor = Math.min(threadFloor, last.threads);
            fdFloor = Math.min(fdFloor, last.fds);
            classFloor = Math.min(classFloor, last.classes);
            boolean atPoint = second == pointSecond(point, seconds);
            if (atPoint) {
                histograms.add(histogram());
                // The figures right after this point's collection open the next interval.
                Sample after = sample();
                threadFloors.add(threadFloor);
                fdFloors.add(fdFloor);
                classFloors.add(classFloor);
                threadFloor = after.threads;
                fdFloor = after.fds;
                classFloor = after.classes;
                point++;
            }
            report(second, seconds, last, histograms.get(histograms.size() - 1), atPoint);
        }
        ThreadDump lastThreads = ThreadDump.parse(target.jcmd("Thread.print"));
        List<String> lastFds = target.proc().openFiles().orElse(List.of());
        var threadStarts = starts.stopAndRead(target);
        if (terminal) {
            progress.println();
        }
        long collections =
                PerfCounters.read(target.perfCounters()).collections().orElse(0) - startCollections;

        List<Long> heapFloors =
                histograms.stream().map(LiveHistogram::totalBytes).toList();
        List<Long> directBuffers = histograms.stream()
                .map(h -> DIRECT_BUFFERS.stream().mapToLong(h::instances).sum())
                .toList();
        threadFloors.add(0, first.threads);
        fdFloors.add(0, first.fds);
        classFloors.add(0, first.classes);
        long firstHeap = heapFloors.get(0);
        return new Observations(
                target.pid(),
                target.mainClass(),
                startCounters.vmVersion(),
                seconds,
                heapUsed,
                collections,
                Trend.of(
                        "the live heap (after each full GC)",
                        heapFloors,
                        Math.max(1L << 20, firstHeap / 20),
                        Sizes::format),
                Trend.of(
                        "live threads (the fewest between GCs)",
                        threadFloors,
                        Math.max(COUNT_NOISE, first.threads / 10),
                        Long::toString),
                Trend.of(
                        "open file descriptors (the fewest between GCs)",
                        fdFloors,
                        Math.max(COUNT_NOISE, first.fds / 10),
                        Long::toString),
                Trend.of(
                        "direct buffers (live, after each full GC)",
                        directBuffers,
                        Math.max(COUNT_NOISE, directBuffers.get(0) / 10),
                        Long::toString),
                Trend.of("loaded classes", classFloors, Math.max(200, first.classes / 20), Long::toString),
                histograms,
                firstThreads,
                lastThreads,
                firstFds,
                lastFds,
                target.proc().openFilesLimit().orElse(-1),
                threadStarts);
    }

    /** The second of the window at which point {@code n} (1 to POINTS - 1) takes its histogram. */
    static int pointSecond(int n, int seconds) {
        return (int) Math.round((double) seconds * n / (POINTS - 1));
    }

    private LiveHistogram histogram() throws DiagnoseException {
        return LiveHistogram.parse(target.jcmd("GC.class_histogram"));
    }

    /** The cheap figures, once a second. */
    private record Sample(long heapUsed, long threads, long fds, long classes) {}

    private Sample sample() throws DiagnoseException {
        if (!target.isAlive()) {
            throw target.exited();
        }
        PerfCounters counters = PerfCounters.read(target.perfCounters());
        Proc proc = target.proc();
        long threads = counters.liveThreads().orElse(proc.threads().orElse(0));
        long fds = proc.openFiles().map(List::size).orElse(0);
        return new Sample(
                counters.heapUsed().orElse(0),
                threads,
                fds,
                counters.loadedClasses().orElse(0));
    }

    private void report(int second, int seconds, Sample sample, LiveHistogram lastHistogram, boolean atPoint) {
        if (!terminal && !atPoint) {
            return;
        }
        String line = String.format(
                Locale.ROOT,
                "  %3d/%d s  heap %s in use, %s live after the last full GC;"
                        + " %d threads, %d open files, %d classes",
                second,
                seconds,
                Sizes.format(sample.heapUsed),
                Sizes.format(lastHistogram.totalBytes()),
                sample.threads,
                sample.fds,
                sample.classes);
        if (terminal) {
            progress.print("\r" + line + "   ");
        } else {
            progress.println(line);
        }
        progress.flush();
    }

    private void waitUntil(long deadline) throws DiagnoseException {
        long now;
        while ((now = System.nanoTime()) - deadline < 0) {
            if (!target.isAlive()) {
                throw target.exited();
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(deadline - now, TimeUnit.MILLISECONDS.toNanos(200)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DiagnoseException(Exit.FAILED, "interrupted while sampling");
            }
        }
        if (!target.isAlive()) {
            throw target.exited();
        }
    }
}
