package leaklab.book.evidence;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import leaklab.catalog.DescriptorException;
import leaklab.catalog.Scenario;
import leaklab.catalog.ScenarioCatalog;

/**
 * Measures every catalogued scenario while the book builds ({@link ScenarioEvidence}), all at once,
 * and writes what each chapter includes. The runs (each side's tests and demo, a JVM each) share
 * {@link JvmSlots}: never more JVMs alive, or busy starting, testing or being looked at, than this
 * machine can serve; the demos mostly wait, so the chapters overlap. The diagnosis chapter's runs
 * ({@link DiagnosisEvidence}: {@code ./diagnose} and the JDK's tools against demos) go beside them,
 * on the same slots.
 *
 * <p>Run by the book's {@code generate-evidence} execution, before the render. Anything that cannot
 * be measured, or a measurement that contradicts a scenario's descriptor (a leak that does not
 * leak, a fix that does), ends the program with exit code 1 and a message per scenario saying what
 * and why, which fails the build: a chapter never goes out without its evidence.
 */
public final class BookEvidence {

    private BookEvidence() {}

    public static void main(String[] args) {
        long start = System.nanoTime();
        EvidenceOptions options;
        List<ChapterEvidence> chapters = new ArrayList<>();
        JvmSlots slots = JvmSlots.forThisMachine();
        try {
            options = EvidenceOptions.parse(args);
            Jdk jdk = Jdk.current();
            ScenarioCatalog catalog = ScenarioCatalog.in(options.projectRoot());
            for (String name : options.scenarios()) {
                if (catalog.find(name).isEmpty()) {
                    throw new EvidenceException("--scenarios " + name + ": the scenarios are " + catalog.names());
                }
            }
            for (Scenario scenario : catalog.all()) {
                if (options.scenarios().isEmpty() || options.scenarios().contains(scenario.name())) {
                    chapters.add(new ScenarioEvidence(scenario, options, jdk, slots));
                }
            }
            // The diagnosis chapter's runs: ./diagnose and the JDK's tools against demos, on the same slots.
            chapters.add(new DiagnosisEvidence(catalog, options, jdk, slots));
        } catch (EvidenceException | DescriptorException e) {
            System.err.println();
            System.err.println("The book's evidence could not be produced: " + e.getMessage());
            System.exit(1);
            return;
        }

        // Every run of every chapter at once: the slots, not the pool, bound what runs.
        ExecutorService runs = Executors.newCachedThreadPool(daemon("evidence run"));
        ExecutorService chapterThreads = Executors.newCachedThreadPool(daemon("evidence"));
        Map<String, Future<Double>> measuring = new LinkedHashMap<>();
        List<String> kept = new ArrayList<>();
        for (ChapterEvidence chapter : chapters) {
            if (chapter.upToDate()) {
                kept.add(chapter.name());
                continue;
            }
            measuring.put(chapter.name(), chapterThreads.submit(() -> {
                long chapterStart = System.nanoTime();
                chapter.measureAndWrite(runs);
                return (System.nanoTime() - chapterStart) / 1e9;
            }));
        }
        if (!kept.isEmpty()) {
            System.out.println("Evidence kept for " + String.join(", ", kept) + ": nothing it is measured from changed"
                    + " since it was measured (-Devidence.remeasure measures it again).");
        }
        Map<String, Throwable> failures = new LinkedHashMap<>();
        StringBuilder timing = new StringBuilder();
        measuring.forEach((name, future) -> {
            try {
                timing.append(String.format(Locale.ROOT, "%s evidence: %.1f s%n", name, future.get()));
            } catch (java.util.concurrent.ExecutionException e) {
                failures.put(name, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.put(name, e);
            }
        });
        runs.shutdownNow();
        chapterThreads.shutdownNow();

        if (!failures.isEmpty()) {
            failures.forEach((chapter, failure) -> {
                System.err.println();
                if (failure instanceof EvidenceException || failure instanceof DescriptorException) {
                    System.err.println(
                            "The " + chapter + " chapter's evidence could not be produced: " + failure.getMessage());
                } else {
                    System.err.println("The " + chapter + " chapter's evidence could not be produced:");
                    failure.printStackTrace();
                }
            });
            System.exit(1);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        timing.append(String.format(
                Locale.ROOT,
                "all evidence: %.1f s for %d chapters measured, %d kept, %s%n",
                seconds,
                measuring.size(),
                kept.size(),
                slots.describe()));
        try {
            Files.createDirectories(options.work());
            Files.writeString(options.work().resolve("evidence-timing.txt"), timing);
        } catch (IOException e) {
            System.err.println("could not write the evidence timing: " + e.getMessage());
        }
        System.out.printf(
                Locale.ROOT,
                "Evidence: %d chapter%s measured in %.1f s (%s).%n",
                measuring.size(),
                measuring.size() == 1 ? "" : "s",
                seconds,
                slots.describe());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return work -> {
            Thread thread = new Thread(work, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
