package leaklab.diagnose;

import io.github.leaklab.leakcheck.heap.ClassHistogram;
import io.github.leaklab.leakcheck.heap.HeapDump;
import io.github.leaklab.leakcheck.heap.HeapDumpException;
import io.github.leaklab.leakcheck.heap.Retention;
import io.github.leaklab.leakcheck.heap.Sizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code diagnose --heap-dump FILE [--class NAME]}: the fallback when a live JVM cannot be sampled, or
 * when Flight Recorder sampled nothing: the paths from GC roots in an existing heap dump, for one
 * class, or for the classes that retain the most among the application's classes with the most
 * instances and bytes.
 */
final class DumpReport {

    /** Candidates per ranking (instances, bytes), and how many of them the report shows. */
    static final int CANDIDATES = 2;

    static final int SHOWN = 3;

    private DumpReport() {}

    record Result(Path file, long bytes, long analysisMillis, ClassHistogram histogram, List<Retention> classes) {}

    static Result analyse(Path file, String className) throws DiagnoseException {
        if (Files.isRegularFile(file)) {
            String problem = HeapEvidence.tooBigFor(size(file));
            if (problem != null) {
                throw new DiagnoseException(Exit.TOO_BIG, file + ": " + problem);
            }
        }
        long start = System.nanoTime();
        try (HeapDump dump = HeapDump.open(file)) {
            ClassHistogram all = dump.histogram(Integer.MAX_VALUE);
            List<Retention> classes = new ArrayList<>();
            for (String candidate : className != null ? List.of(className) : candidates(all)) {
                classes.add(dump.pathsTo("instances of " + candidate, HeapEvidence.exactly(candidate)));
            }
            classes.sort(Comparator.comparingLong(Retention::retainedBytes).reversed());
            ClassHistogram top = new ClassHistogram(
                    all.rows().subList(0, Math.min(10, all.rows().size())), all.totalInstances(), all.totalBytes());
            return new Result(
                    file,
                    size(file),
                    (System.nanoTime() - start) / 1_000_000,
                    top,
                    className != null ? classes : classes.subList(0, Math.min(SHOWN, classes.size())));
        } catch (HeapDumpException e) {
            Exit exit = switch (e.reason()) {
                case MISSING -> Exit.DUMP_MISSING;
                case NOT_HPROF -> Exit.DUMP_NOT_HPROF;
                case TRUNCATED -> Exit.DUMP_TRUNCATED;
                case UNREADABLE -> Exit.FAILED;
            };
            throw new DiagnoseException(exit, e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new DiagnoseException(
                    Exit.TOO_BIG,
                    file + ": the heap dump is too big for this tool's memory ("
                            + Sizes.format(Runtime.getRuntime().maxMemory()) + "): give it more, e.g. JAVA_OPTS=-Xmx"
                            + ((size(file) >> 30) + 2) + "g ./diagnose --heap-dump " + file);
        }
    }

    /** The application's classes with the most instances and the most bytes; the JDK's if it has none. */
    static List<String> candidates(ClassHistogram histogram) {
        List<ClassHistogram.Row> instances = histogram.rows().stream()
                .filter(r -> !r.className().endsWith("[]"))
                .toList();
        List<ClassHistogram.Row> application = instances.stream()
                .filter(r -> LiveHistogram.isApplication(r.className()))
                .toList();
        List<ClassHistogram.Row> pool = application.isEmpty() ? instances : application;
        Set<String> names = new LinkedHashSet<>();
        pool.stream()
                .sorted(Comparator.comparingLong(ClassHistogram.Row::instances).reversed())
                .limit(CANDIDATES)
                .forEach(r -> names.add(r.className()));
        pool.stream()
                .sorted(Comparator.comparingLong(ClassHistogram.Row::shallowBytes)
                        .reversed())
                .limit(CANDIDATES)
                .forEach(r -> names.add(r.className()));
        return List.copyOf(names);
    }

    static String text(Result r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "Heap dump %s: %s, %d objects, analysed in %.1f s.%n%n",
                r.file(),
                Sizes.format(r.bytes()),
                r.histogram().totalInstances(),
                r.analysisMillis() / 1000.0));
        out.append("The classes with the most bytes:\n").append(r.histogram()).append("\n\n");
        out.append(r.classes().size() == 1 ? "Who holds them:\n" : "Who holds the classes that retain the most:\n");
        for (Retention retention : r.classes()) {
            out.append(retention).append("\n\n");
        }
        return out.toString();
    }

    static String json(Result r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", r.file().toString());
        json.put("bytes", r.bytes());
        json.put("analysisMillis", r.analysisMillis());
        json.put(
                "histogram",
                r.histogram().rows().stream()
                        .map(row -> Json.object(
                                "class", row.className(), "instances", row.instances(), "bytes", row.shallowBytes()))
                        .toList());
        json.put("classes", r.classes().stream().map(Json::retention).toList());
        return Json.write(json);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
