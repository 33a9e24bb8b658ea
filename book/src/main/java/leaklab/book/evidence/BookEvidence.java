package leaklab.book.evidence;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Measures every scenario the book shows while it builds, and writes what each chapter includes:
 * the timer chapter ({@link TimerEvidence}) and the thread chapter ({@link ThreadEvidence}), side by
 * side. Each chapter's runs are JVMs of their own that mostly wait (live demos) or work for a
 * second or two (probes), so both chapters together take about as long as one.
 *
 * <p>Run by the book's {@code generate-evidence} execution, before the render. Anything that cannot
 * be measured, or a measurement that contradicts a chapter (a leak that does not leak, a fix that
 * does), ends the program with exit code 1 and a message per chapter saying what and why, which
 * fails the build: a chapter never goes out without its evidence.
 */
public final class BookEvidence {

    /** The chapters with evidence, by name, in the book's order. */
    private static final Map<String, BiFunction<EvidenceOptions, Jdk, ChapterEvidence>> CHAPTERS = new LinkedHashMap<>();

    static {
        CHAPTERS.put("timer", TimerEvidence::new);
        CHAPTERS.put("thread", ThreadEvidence::new);
    }

    private BookEvidence() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        List<ChapterEvidence> chapters = new ArrayList<>();
        EvidenceOptions options;
        try {
            options = EvidenceOptions.parse(args, new LinkedHashSet<>(CHAPTERS.keySet()));
            Jdk jdk = Jdk.current();
            for (Map.Entry<String, BiFunction<EvidenceOptions, Jdk, ChapterEvidence>> chapter : CHAPTERS.entrySet()) {
                if (options.chapters().contains(chapter.getKey())) {
                    chapters.add(chapter.getValue().apply(options, jdk));
                }
            }
        } catch (EvidenceException e) {
            System.err.println();
            System.err.println("The book's evidence could not be produced: " + e.getMessage());
            System.exit(1);
            return;
        }

        Map<String, Throwable> failures = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        List<Thread> running = new ArrayList<>();
        for (ChapterEvidence chapter : chapters) {
            Thread thread = new Thread(() -> {
                long chapterStart = System.nanoTime();
                try {
                    chapter.measureAndWrite();
                } catch (Exception | Error e) {
                    synchronized (failures) {
                        failures.put(chapter.name(), e);
                    }
                } finally {
                    synchronized (seconds) {
                        seconds.put(chapter.name(), (System.nanoTime() - chapterStart) / 1e9);
                    }
                }
            }, chapter.name() + " evidence");
            thread.start();
            running.add(thread);
        }
        for (Thread thread : running) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.put("all", e);
                break;
            }
        }

        if (!failures.isEmpty()) {
            failures.forEach((chapter, failure) -> {
                System.err.println();
                if (failure instanceof EvidenceException) {
                    System.err.println("The " + chapter + " chapter's evidence could not be produced: " + failure.getMessage());
                } else {
                    System.err.println("The " + chapter + " chapter's evidence could not be produced:");
                    failure.printStackTrace();
                }
            });
            System.exit(1);
        }
        StringBuilder timing = new StringBuilder();
        seconds.forEach((chapter, s) -> timing.append(String.format(Locale.ROOT, "%s evidence: %.1f s%n", chapter, s)));
        timing.append(String.format(Locale.ROOT, "all evidence: %.1f s%n", (System.nanoTime() - start) / 1e9));
        try {
            Files.createDirectories(options.work());
            Files.writeString(options.work().resolve("evidence-timing.txt"), timing);
        } catch (java.io.IOException e) {
            System.err.println("could not write the evidence timing: " + e.getMessage());
        }
    }
}
