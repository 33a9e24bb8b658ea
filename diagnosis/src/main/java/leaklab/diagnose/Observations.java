package leaklab.diagnose;

import java.util.List;
import java.util.Map;

/**
 * What sampling one live JVM measured: the floors of each figure after the collections of the class
 * histograms, the histograms themselves, the thread dumps and the open files at the start and the
 * end of the window, and where the threads started during it were started.
 *
 * @param heapUsed the heap in use once a second, garbage included: the sawtooth
 * @param collections how many collections the JVM ran during the window, the tool's included
 * @param threadStarts per thread name pattern, the application stacks that started them, with counts
 */
record Observations(
        long pid,
        String mainClass,
        String vmVersion,
        int seconds,
        List<Long> heapUsed,
        long collections,
        Trend heap,
        Trend threads,
        Trend fds,
        Trend directBuffers,
        Trend classes,
        List<LiveHistogram> histograms,
        ThreadDump firstThreads,
        ThreadDump lastThreads,
        List<String> firstFds,
        List<String> lastFds,
        long fdLimit,
        Map<String, Map<List<String>, Integer>> threadStarts) {

    LiveHistogram firstHistogram() {
        return histograms.get(0);
    }

    LiveHistogram lastHistogram() {
        return histograms.get(histograms.size() - 1);
    }
}
