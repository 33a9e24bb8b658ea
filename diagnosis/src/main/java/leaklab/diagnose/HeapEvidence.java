package leaklab.diagnose;

import io.github.leaklab.leakcheck.heap.HeapDump;
import io.github.leaklab.leakcheck.heap.HeapDumpException;
import io.github.leaklab.leakcheck.heap.Retention;
import io.github.leaklab.leakcheck.heap.Sizes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Who holds it? One heap dump of the live JVM, bounded (the live heap is said first, and a heap
 * above the limit is not dumped), analysed with leakcheck's heap API: for each suspect class, the
 * paths from GC roots grouped by shape with their retained sizes; when threads leak too, the first
 * suspect's paths as if those threads had ended (one analysis each: they take most of the time).
 *
 * @param dumped whether a dump was taken and read
 * @param note why not, or where the kept dump is; empty otherwise
 * @param dumpBytes the dump file's size
 * @param analysisMillis how long the heap analysis took (every path search, Shark's part)
 * @param suspects what the dump says of each suspect class, most retained first
 */
record HeapEvidence(boolean dumped, String note, long dumpBytes, long analysisMillis, List<Suspect> suspects) {

    /**
     * One suspect class in the dump.
     *
     * @param retention the paths to its instances; {@code null} when only the paths without the leaked
     *     threads were traced
     * @param withoutThreads the paths to them as if the leaked threads had ended; {@code null} when no thread leaks
     * @param threadsLeftOut the pattern of the threads left out, {@code idle-timeout-user-N}
     */
    record Suspect(String className, Retention retention, Retention withoutThreads, List<String> threadsLeftOut) {

        /** Whether something other than the leaked threads holds most of them. */
        boolean heldWithoutThreads() {
            return withoutThreads == null || withoutThreads.retained() * 2 >= withoutThreads.found();
        }

        /** The retention the verdict shows: without the leaked threads when they leak, else the dump's own. */
        Retention shown() {
            return withoutThreads != null ? withoutThreads : retention;
        }
    }

    static HeapEvidence none(String why) {
        return new HeapEvidence(false, why, 0, 0, List.of());
    }

    /**
     * Dumps the heap (one pause of the target), analyses the suspects, deletes the dump unless kept.
     *
     * @param liveBytes the live heap after the last full GC, what the dump will be about as big as
     * @param leakedThreads the name patterns of leaked threads, empty if none
     */
    static HeapEvidence take(
            Target target,
            Path folder,
            Options options,
            long liveBytes,
            List<String> classes,
            List<String> leakedThreads,
            PrintStream progress)
            throws DiagnoseException {
        if (!options.dump()) {
            return none("no heap dump: --no-dump");
        }
        if (liveBytes > options.maxDumpBytes()) {
            return none("no heap dump: the live heap, " + Sizes.format(liveBytes) + ", is above the "
                    + Sizes.format(options.maxDumpBytes()) + " limit (--max-dump " + ((liveBytes >> 20) + 1)
                    + "m takes it; the JVM pauses while it writes it)");
        }
        Path file = folder.resolve("heap.hprof");
        progress.printf(
                "diagnose: taking one heap dump of the JVM %d: %s live; it pauses while it writes it%n",
                target.pid(), Sizes.format(liveBytes));
        String answer = target.jcmd("GC.heap_dump " + file);
        if (!Files.isRegularFile(file)) {
            return none("no heap dump: the JVM answered \"" + Target.oneLine(new IOException(answer)) + "\"");
        }
        long size = size(file);
        String memoryProblem = tooBigFor(size);
        if (memoryProblem != null) {
            String then = options.keep()
                    ? "; the dump is kept at " + keep(file) + " for ./diagnose --heap-dump"
                    : "; --keep keeps the dump, for ./diagnose --heap-dump with more memory";
            return new HeapEvidence(false, memoryProblem + then, size, 0, List.of());
        }
        long start = System.nanoTime();
        List<Suspect> suspects = new ArrayList<>();
        try (HeapDump dump = HeapDump.open(file)) {
            // With leaked threads, the first suspect alone: the question is whether those threads hold it.
            for (String className :
                    leakedThreads.isEmpty() ? classes : classes.subList(0, Math.min(1, classes.size()))) {
                boolean first = suspects.isEmpty();
                if (first && !leakedThreads.isEmpty()) {
                    // The suspect the verdict names, when threads leak too: would stopping them free it? The
                    // dump holds live objects only, so every instance in it is held; the question is by whom.
                    HeapDump view = dump.withoutThreads(name -> leakedThreads.contains(ThreadDump.pattern(name)));
                    Retention withoutThreads = view.pathsTo("instances of " + className, exactly(className));
                    suspects.add(new Suspect(className, null, withoutThreads, leakedThreads));
                } else {
                    suspects.add(new Suspect(
                            className, dump.pathsTo("instances of " + className, exactly(className)), null, List.of()));
                }
            }
        } catch (HeapDumpException e) {
            return new HeapEvidence(false, "the heap dump cannot be read: " + e.getMessage(), size, 0, List.of());
        } catch (OutOfMemoryError e) {
            return new HeapEvidence(
                    false,
                    "the heap dump (" + Sizes.format(size)
                            + ") is too big for this tool's memory"
                            + " (" + Sizes.format(Runtime.getRuntime().maxMemory()) + "): JAVA_OPTS=-Xmx"
                            + ((size >> 29) + 1) + "g gives it more",
                    size,
                    0,
                    List.of());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (leakedThreads.isEmpty()) {
            suspects.sort(Comparator.comparingLong((Suspect s) -> s.shown().retainedBytes())
                    .reversed());
        }
        String note = options.keep() ? "the heap dump is kept at " + keep(file) : "";
        if (!options.keep()) {
            delete(file);
        }
        return new HeapEvidence(true, note, size, millis, suspects);
    }

    /** Why a dump of {@code bytes} does not fit this tool's memory, or {@code null} if it does. */
    static String tooBigFor(long bytes) {
        long memory = Runtime.getRuntime().maxMemory();
        if (bytes / 2 <= memory) {
            return null;
        }
        return "the heap dump (" + Sizes.format(bytes) + ") is too big for this tool's memory (" + Sizes.format(memory)
                + "; it needs about half the dump's size): JAVA_OPTS=-Xmx" + ((bytes >> 31) + 1) + "g gives it more";
    }

    /** The class and no other: lambda names compare without their per-run suffix, as the API writes them. */
    static Predicate<String> exactly(String className) {
        return className::equals;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static Path keep(Path file) {
        return file.toAbsolutePath();
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the folder's cleanup tries again
        }
    }
}
