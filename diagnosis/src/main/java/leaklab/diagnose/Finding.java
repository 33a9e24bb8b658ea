package leaklab.diagnose;

import java.util.List;

/**
 * One conclusion of the diagnosis: a kind of leak (or none), its suspect, the evidence in words,
 * the path from a GC root where there is one, and where the book goes on.
 *
 * @param kind what leaks
 * @param suspect the class that piles up, the leaked threads' name prefix, or the kind of file
 *     descriptor; empty for no leak
 * @param summary the evidence, one sentence
 * @param path the hops from a GC root to one suspect object (heap leaks), else empty
 * @param trace that path LeakCanary-style, with retained sizes; empty without a path
 */
record Finding(Kind kind, String suspect, String summary, List<String> path, String trace) {

    /** The kinds of verdict, as the scenario descriptors write them ({@code diagnose.verdict}). */
    enum Kind {
        HEAP_LEAK(
                "heap-leak",
                "Heap leak",
                "the book's diagnosis flowchart, \"Who holds it?\": read the path from the"
                        + " root down; the first object on it that your code owns is where the reference should have been cut;"
                        + " then \"Fix, then prove it\""),
        THREAD_LEAK(
                "thread-leak",
                "Thread leak",
                "the book's diagnosis flowchart, \"The off-heap branch\", Threads: the"
                        + " code that started them (above) must also stop them, when their owner closes;"
                        + " then \"Fix, then prove it\""),
        FD_LEAK(
                "fd-leak",
                "File descriptor leak",
                "the book's diagnosis flowchart, \"The off-heap branch\", File"
                        + " descriptors: find what opens them and close it when its owner is done (try-with-resources);"
                        + " then \"Fix, then prove it\""),
        DIRECT_MEMORY_LEAK(
                "direct-memory-leak",
                "Direct memory leak",
                "the book's diagnosis flowchart, \"The off-heap"
                        + " branch\", Native memory: the path above shows what keeps the buffers reachable;"
                        + " then \"Fix, then prove it\""),
        NO_LEAK(
                "no-leak",
                "No leak found",
                "the book's diagnosis flowchart, \"Is it a leak at all?\": if the symptom"
                        + " persists, watch longer (--duration) under the load that shows it");

        private final String word;
        private final String title;
        private final String nextStep;

        Kind(String word, String title, String nextStep) {
            this.word = word;
            this.title = title;
            this.nextStep = nextStep;
        }

        /** As descriptors and the JSON write it: {@code heap-leak}. */
        String word() {
            return word;
        }

        String title() {
            return title;
        }

        String nextStep() {
            return nextStep;
        }
    }

    Finding {
        path = List.copyOf(path);
    }

    static Finding noLeak(String summary) {
        return new Finding(Kind.NO_LEAK, "", summary, List.of(), "");
    }
}
