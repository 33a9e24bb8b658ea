package leaklab.workshop;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The workshop tool, after Rustlings: {@code ./lab list | verify [--keep-heap-dumps] [name] | hint name
 * | reset name}.
 *
 * <p>Exit codes: 0 done (verify: solved), 1 verify found a failing exercise, 2 a bad command line
 * (with a one-line error and the usage), 3 the workshop itself is broken (a manifest that cannot be
 * read, no checkout found).
 */
public final class Lab {

    static final int OK = 0;
    static final int FAILING = 1;
    static final int USAGE = 2;
    static final int BROKEN = 3;

    static final String KEEP_HEAP_DUMPS = "--keep-heap-dumps";
    private static final String USAGE_TEXT = """
            Usage: %1$s
              list               the exercises, in order, and how far you are with each
              verify <exercise>  run the exercise's tests on your code: what leaks, or "solved"
              verify             verify every exercise, in order
                %2$s  keep the heap dumps of the leak checks, for a heap analyser
              hint <exercise>    the next hint for the exercise (each one more direct than the last)
              reset <exercise>   put the exercise's starter code back (your version is saved first)
                                 and hide its hints again
              prepare            fetch and build everything the workshop needs, once, while online
              help               this text""";
    /** The sentence of a leak report that suggests keeping the heap dump with a JVM flag. */
    private static final Pattern KEEP_DUMPS_SENTENCE = Pattern.compile(
            " ?(?:(?!\\. )[^\n])*-Dleakcheck\\.keepHeapDumps=true(?:(?!\\. )[^\n])*(?:\\.(?= |$)|$)",
            Pattern.MULTILINE);

    private static final Pattern KEPT_DUMP = Pattern.compile("Heap dump kept at (\\S+?\\.hprof)");

    private final Path root;
    private final ExerciseCatalog catalog;
    private final Path labDir;
    private final LabCommand command;
    private final WorkFolders workFolders;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param command how the learner starts the tool, for the commands its messages suggest
     * @param workFolders where verify compiles; folders that an earlier, killed run left there are deleted
     */
    Lab(Path root, LabCommand command, WorkFolders workFolders, PrintStream out, PrintStream err) {
        this.root = root;
        this.catalog = ExerciseCatalog.in(root);
        this.labDir = catalog.exercisesDir().resolve(".lab");
        this.command = command;
        this.workFolders = workFolders;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int status;
        try {
            status = new Lab(
                            ProjectRoot.locate(),
                            LabCommand.current(),
                            WorkFolders.inTemporaryFolder(),
                            System.out,
                            System.err)
                    .run(args);
        } catch (IllegalStateException | UncheckedIOException e) {
            System.err.println("lab: " + e.getMessage());
            status = BROKEN;
        }
        System.out.flush();
        System.exit(status);
    }

    int run(String... args) {
        workFolders.deleteStale();
        if (args.length == 0) {
            return usageError("no command given");
        }
        String name = args[0];
        List<String> rest = List.of(args).subList(1, args.length);
        return switch (name) {
            case "list" -> rest.isEmpty() ? list() : usageError("list takes no exercise");
            case "verify" -> verifyCommand(rest);
            case "hint" ->
                rest.size() == 1
                        ? withExercise(rest.get(0), this::hint)
                        : usageError("hint takes one exercise, e.g. " + command.of("hint " + firstName()));
            case "reset" ->
                rest.size() == 1
                        ? withExercise(rest.get(0), this::reset)
                        : usageError("reset takes one exercise, e.g. " + command.of("reset " + firstName()));
            case "help", "-h", "--help" -> {
                out.println(usage());
                out.println("Exercises: " + catalog.names());
                yield OK;
            }
            case "prepare" ->
                usageError(
                        command.isMaven()
                                ? "prepare is a step of the ./lab script; through Maven, run the wrapper's install once,"
                                        + " while online"
                                : "prepare runs the whole Maven build: use the ./lab script for it");
            default -> usageError("unknown command \"" + name + "\"");
        };
    }

    private String usage() {
        return USAGE_TEXT.formatted(command.of("<command> [exercise]"), KEEP_HEAP_DUMPS);
    }

    private int verifyCommand(List<String> arguments) {
        boolean keepHeapDumps = false;
        List<String> exercises = new ArrayList<>();
        for (String argument : arguments) {
            if (argument.equals(KEEP_HEAP_DUMPS)) {
                keepHeapDumps = true;
            } else if (argument.startsWith("-")) {
                return usageError("verify has one option, " + KEEP_HEAP_DUMPS + ", not \"" + argument + "\"");
            } else {
                exercises.add(argument);
            }
        }
        boolean keep = keepHeapDumps;
        return switch (exercises.size()) {
            case 0 -> verifyAll(keep);
            case 1 -> withExercise(exercises.get(0), exercise -> verify(exercise, keep));
            default -> usageError("verify takes one exercise at most");
        };
    }

    private interface ExerciseCommand {
        int run(Exercise exercise);
    }

    private int withExercise(String name, ExerciseCommand command) {
        Optional<Exercise> exercise = catalog.find(name);
        return exercise.isPresent()
                ? command.run(exercise.get())
                : usageError("unknown exercise \"" + name + "\" (the exercises: " + catalog.names() + ")");
    }

    private int usageError(String problem) {
        err.println("lab: " + problem);
        err.println(usage());
        return USAGE;
    }

    private String firstName() {
        return catalog.all().isEmpty() ? "timer" : catalog.all().get(0).name();
    }

    // ---- list -------------------------------------------------------------------------------

    private int list() {
        Progress progress = Progress.in(labDir);
        out.printf("%-3s %-12s %-22s %-6s %s%n", "#", "exercise", "state", "hints", "what leaks");
        Exercise next = null;
        for (Exercise exercise : catalog.all()) {
            String state = state(exercise, progress);
            out.printf(
                    "%-3d %-12s %-22s %-6s %s%n",
                    exercise.order(),
                    exercise.name(),
                    state,
                    progress.hintsRevealed(exercise.name()) + "/"
                            + exercise.hints().count(),
                    exercise.title());
            if (next == null && !state.equals("solved")) {
                next = exercise;
            }
        }
        out.println();
        out.println(
                next == null
                        ? "Every exercise is solved."
                        : "Next: " + command.of("verify " + next.name()) + "   (stuck? "
                                + command.of("hint " + next.name()) + ")");
        return OK;
    }

    /** "not started", "failing", "solved", or "changed, verify again" when the code moved on since. */
    private static String state(Exercise exercise, Progress progress) {
        String code = SourceTree.fingerprint(exercise.sources());
        String verdict = progress.lastVerdict(exercise.name());
        if (verdict != null && code.equals(progress.lastVerifiedCode(exercise.name()))) {
            return verdict;
        }
        if (code.equals(SourceTree.fingerprint(exercise.starter()))) {
            return verdict == null ? "not started" : "failing";
        }
        return "changed, verify again";
    }

    // ---- verify -----------------------------------------------------------------------------

    private int verify(Exercise exercise, boolean keepHeapDumps) {
        out.println("Verifying " + exercise.name() + ": its tests against " + relative(exercise.sources()) + " ("
                + exercise.timeout().toSeconds() + " s at most) ...");
        out.flush();
        Path heapDumps = keepHeapDumps ? labDir.resolve("heap-dumps") : null;
        Verdict verdict = new ExerciseRunner(root, workFolders, out)
                .run(exercise, exercise.sources(), heapDumps)
                .withMessages(message -> forThisTool(message, exercise));
        Progress progress = Progress.in(labDir);
        progress.verified(exercise.name(), verdict.isSolved(), SourceTree.fingerprint(exercise.sources()));
        progress.save();
        out.println();
        if (verdict.isSolved()) {
            out.println("SOLVED  " + exercise.name() + ": " + verdict.describe());
            out.println();
            out.println(nextAfter(exercise));
            return OK;
        }
        out.println("FAILING  " + exercise.name() + ": " + verdict.describe());
        out.println();
        if (verdict.outcome() == Verdict.Outcome.TIMED_OUT) {
            out.println("Its tests get " + exercise.timeout().toSeconds() + " s in all (timeout.seconds in "
                    + relative(exercise.dir().resolve(Exercise.MANIFEST)) + ").");
        }
        boolean onlyTestsToRun = verdict.outcome() == Verdict.Outcome.NO_TEST_RAN
                || verdict.outcome() == Verdict.Outcome.FAILING
                        && verdict.failures().isEmpty();
        if (onlyTestsToRun) {
            out.println("Then run " + command.of("verify " + exercise.name()) + " again.");
            return FAILING;
        }
        out.println("Fix " + relative(exercise.sources().resolve(exercise.file()))
                + " (a TODO marks where to look), then run " + command.of("verify " + exercise.name()) + " again.");
        int revealed = progress.hintsRevealed(exercise.name());
        int hints = exercise.hints().count();
        if (revealed < hints) {
            out.println("Stuck? " + command.of("hint " + exercise.name()) + " shows hint " + (revealed + 1) + " of "
                    + hints + ".");
        }
        return FAILING;
    }

    /**
     * A leak report as this tool's user can act on it: leakcheck suggests a JVM flag to keep the
     * heap dump, which only a Maven or IDE run takes; here it is an option of verify, and once the
     * dump was kept there is nothing more to suggest.
     */
    private String forThisTool(String message, Exercise exercise) {
        Matcher kept = KEPT_DUMP.matcher(message);
        if (kept.find()) {
            String where = relative(Path.of(kept.group(1)));
            return KEEP_DUMPS_SENTENCE
                    .matcher(message)
                    .replaceAll("")
                    .replace("Heap dump kept at " + kept.group(1), "Heap dump kept at " + where);
        }
        return KEEP_DUMPS_SENTENCE
                .matcher(message)
                .replaceAll(Matcher.quoteReplacement(" To keep the heap dump for a heap analyser, run "
                        + command.of("verify " + KEEP_HEAP_DUMPS + " " + exercise.name()) + "."));
    }

    private String nextAfter(Exercise solved) {
        Progress progress = Progress.in(labDir);
        for (Exercise exercise : catalog.all()) {
            if (exercise != solved && !state(exercise, progress).equals("solved")) {
                return "Next: " + command.of("verify " + exercise.name()) + " (" + exercise.title() + ")";
            }
        }
        return "Every exercise is solved.";
    }

    private int verifyAll(boolean keepHeapDumps) {
        int failing = 0;
        for (Exercise exercise : catalog.all()) {
            if (verify(exercise, keepHeapDumps) != OK) {
                failing++;
            }
            out.println();
        }
        out.println(
                failing == 0
                        ? "Every exercise is solved."
                        : failing + " of " + catalog.all().size() + " exercises still failing.");
        return failing == 0 ? OK : FAILING;
    }

    // ---- hint -------------------------------------------------------------------------------

    private int hint(Exercise exercise) {
        Hints hints = exercise.hints();
        Progress progress = Progress.in(labDir);
        int alreadyRevealed = progress.hintsRevealed(exercise.name());
        int revealed = Math.min(alreadyRevealed + 1, hints.count());
        progress.hintsRevealed(exercise.name(), revealed);
        progress.save();
        for (int tier = 1; tier <= revealed; tier++) {
            Hints.Hint hint = hints.tier(tier);
            boolean fresh = tier > alreadyRevealed;
            out.println("Hint " + tier + " of " + hints.count() + " for " + exercise.name()
                    + (hint.label().isEmpty() ? "" : " (" + hint.label() + ")") + (fresh ? ":" : ", seen before:"));
            out.println(hint.text().indent(2));
        }
        if (revealed < hints.count()) {
            out.println("Still stuck after trying it? " + command.of("hint " + exercise.name()) + " reveals hint "
                    + (revealed + 1) + ".");
        } else {
            out.println("That was the last hint. The reference solution is in " + relative(exercise.solution())
                    + ": ask your instructor before you open it.");
        }
        return OK;
    }

    // ---- reset ------------------------------------------------------------------------------

    private int reset(Exercise exercise) {
        Path sources = exercise.sources();
        Progress progress = Progress.in(labDir);
        int hintsSeen = progress.hintsRevealed(exercise.name());
        String hints = "its hints are hidden again (0 of " + exercise.hints().count() + " seen)";
        progress.forget(exercise.name());
        progress.save();
        if (SourceTree.fingerprint(sources).equals(SourceTree.fingerprint(exercise.starter()))) {
            out.println(exercise.name() + " already holds its starter code"
                    + (hintsSeen == 0 ? " and no hint was seen; nothing to reset." : "; " + hints + "."));
            return OK;
        }
        Path saved = labDir.resolve("saved")
                .resolve(exercise.name() + "-"
                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.isDirectory(sources)) {
            SourceTree.copy(sources, saved);
        }
        SourceTree.replace(sources, exercise.starter());
        out.println(exercise.name() + " is back to its starter code in " + relative(sources) + "; " + hints + ".");
        if (Files.isDirectory(saved)) {
            out.println("Your version is saved in " + relative(saved) + ".");
        }
        return OK;
    }

    private String relative(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
    }
}
