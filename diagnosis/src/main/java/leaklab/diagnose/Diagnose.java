package leaklab.diagnose;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.OptionalInt;

/**
 * {@code ./diagnose}: the book's diagnosis flowchart, run against a live JVM in one command, or the
 * paths from GC roots in a heap dump. See {@link Options#USAGE} and {@link Exit} for the command line
 * and the exit codes, and the module's README.
 *
 * <p>The walk, against a live JVM: {@link Target} finds and attaches to it, {@link Sampler} samples
 * it, {@link Diagnosis#plan} reads what grows, {@link HeapEvidence} takes the one heap dump when
 * something piles up on the heap, {@link Diagnosis#of} decides, and {@link Report} or {@link Json}
 * prints. Whatever the tool wrote (the recording, the dump) is deleted on the way out, unless
 * {@code --keep} keeps the dump.
 */
public final class Diagnose {

    private Diagnose() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            Options options = Options.parse(args);
            if (options.help()) {
                out.println(Options.USAGE);
                out.println("exit codes:");
                for (Exit exit : Exit.values()) {
                    out.printf("  %2d  %s%n", exit.code(), exit.meaning());
                }
                return 0;
            }
            if (options.heapDump() != null) {
                DumpReport.Result result = DumpReport.analyse(options.heapDump(), options.className());
                out.print(options.json() ? DumpReport.json(result) : DumpReport.text(result));
                return 0;
            }
            return live(options, out, err);
        } catch (DiagnoseException e) {
            err.println("diagnose: " + e.getMessage());
            return e.exit().code();
        } catch (RuntimeException | StackOverflowError e) {
            err.println("diagnose: unexpected " + Target.oneLine(e) + " ("
                    + e.getClass().getName()
                    + "): a bug in diagnose; run it again with --json and report both outputs");
            return Exit.FAILED.code();
        }
    }

    private static int live(Options options, PrintStream out, PrintStream err) throws DiagnoseException {
        long start = System.nanoTime();
        try (Target target = Target.find(options.target())) {
            Path folder = folderFor(target);
            Thread cleanup = new Thread(() -> deleteAll(folder, null), "diagnose cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup); // Ctrl-C leaves nothing behind either
            Path kept = null;
            try {
                Sampler sampler = new Sampler(target, folder, err, System.console() != null);
                Observations observations =
                        sampler.sample((int) options.duration().toSeconds());
                Diagnosis.Plan plan = Diagnosis.plan(observations);
                HeapEvidence heap = plan.needsHeapDump()
                        ? HeapEvidence.take(
                                target,
                                folder,
                                options,
                                observations.lastHistogram().totalBytes(),
                                plan.suspects(),
                                plan.leakedThreadPatterns(),
                                err)
                        : HeapEvidence.none("");
                if (options.keep() && Files.isRegularFile(folder.resolve("heap.hprof"))) {
                    kept = folder.resolve("heap.hprof");
                }
                Diagnosis diagnosis = Diagnosis.of(observations, plan, heap);
                long millis = (System.nanoTime() - start) / 1_000_000;
                out.print(options.json() ? Json.of(diagnosis, millis) : Report.of(diagnosis));
                out.flush();
                return diagnosis.verdict().kind() == Finding.Kind.NO_LEAK ? Exit.NO_LEAK.code() : Exit.LEAK.code();
            } finally {
                deleteAll(folder, kept);
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException shuttingDown) {
                    // the hook cleans up
                }
            }
        }
    }

    /**
     * A folder of the tool's own for what the target writes (the recording, the dump): the target
     * writes there itself, so when the tool runs as root for another user's JVM, that user owns it.
     */
    private static Path folderFor(Target target) throws DiagnoseException {
        try {
            Path folder = Files.createTempDirectory("diagnose-");
            OptionalInt owner = target.proc().owner();
            OptionalInt me = Proc.me();
            if (owner.isPresent() && me.isPresent() && me.getAsInt() == 0 && owner.getAsInt() != 0) {
                UserPrincipal user = folder.getFileSystem()
                        .getUserPrincipalLookupService()
                        .lookupPrincipalByName(Proc.userName(owner.getAsInt()));
                Files.setOwner(folder, user);
            }
            return folder;
        } catch (IOException e) {
            throw new DiagnoseException(
                    Exit.FAILED,
                    "cannot make a temporary folder for the recording and the heap"
                            + " dump: " + e.getMessage() + " (java.io.tmpdir is " + System.getProperty("java.io.tmpdir")
                            + ")",
                    e);
        }
    }

    /** Deletes the folder and what is in it, except {@code kept}. */
    private static void deleteAll(Path folder, Path kept) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                if (!file.equals(kept)) {
                    Files.deleteIfExists(file);
                }
            }
            if (kept == null) {
                Files.deleteIfExists(folder);
            }
        } catch (IOException ignored) {
            // already gone, or the temporary folder's cleaning takes it
        }
    }
}
