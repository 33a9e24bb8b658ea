package leaklab.workshop;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The workshop tool, after Rustlings: {@code ./lab list | verify [name] | hint name | reset name}.
 *
 * <p>Exit codes: 0 done (verify: solved), 1 verify found a failing exercise, 2 a bad command line
 * (with a one-line error and the usage).
 */
public final class Lab {

    static final int OK = 0;
    static final int FAILING = 1;
    static final int USAGE = 2;

    private static final String COMMAND = "./lab";
    private static final String USAGE_TEXT = """
            Usage: %1$s <command> [exercise]
              list               the exercises, in order, and how far you are with each
              verify <exercise>  run the exercise's tests on your code: what leaks, or "solved"
              verify             verify every exercise, in order
              hint <exercise>    the next hint for the exercise (each one more direct than the last)
              reset <exercise>   put the exercise's starter code back (your version is saved first)
              prepare            fetch and build everything the workshop needs, once, while online
              help               this text"""
            .formatted(COMMAND);

    private final Path root;
    private final ExerciseCatalog catalog;
    private final Path labDir;
    private final PrintStream out;
    private final PrintStream err;

    Lab(Path root, PrintStream out, PrintStream err) {
        this.root = root;
        this.catalog = ExerciseCatalog.in(root);
        this.labDir = catalog.exercisesDir().resolve(".lab");
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int status = new Lab(ProjectRoot.locate(), System.out, System.err).run(args);
        System.out.flush();
        System.exit(status);
    }

    int run(String... args) {
        if (args.length == 0) {
            return usageError("no command given");
        }
        String command = args[0];
        List<String> rest = List.of(args).subList(1, args.length);
        return switch (command) {
            case "list" -> rest.isEmpty() ? list() : usageError("list takes no exercise");
            case "verify" -> switch (rest.size()) {
                case 0 -> verifyAll();
                case 1 -> withExercise(rest.get(0), this::verify);
                default -> usageError("verify takes one exercise at most");
            };
            case "hint" -> rest.size() == 1 ? withExercise(rest.get(0), this::hint)
                    : usageError("hint takes one exercise, e.g. " + COMMAND + " hint " + firstName());
            case "reset" -> rest.size() == 1 ? withExercise(rest.get(0), this::reset)
                    : usageError("reset takes one exercise, e.g. " + COMMAND + " reset " + firstName());
            case "help", "-h", "--help" -> {
                out.println(USAGE_TEXT);
                out.println("Exercises: " + catalog.names());
                yield OK;
            }
            case "prepare" -> usageError("prepare runs the whole Maven build: use the " + COMMAND + " script for it");
            default -> usageError("unknown command \"" + command + "\"");
        };
    }

    private interface ExerciseCommand {
        int run(Exercise exercise);
    }

    private int withExercise(String name, ExerciseCommand command) {
        Optional<Exercise> exercise = catalog.find(name);
        return exercise.isPresent() ? command.run(exercise.get())
                : usageError("unknown exercise \"" + name + "\" (the exercises: " + catalog.names() + ")");
    }

    private int usageError(String problem) {
        err.println("lab: " + problem);
        err.println(USAGE_TEXT);
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
            out.printf("%-3d %-12s %-22s %-6s %s%n", exercise.order(), exercise.name(), state,
                    progress.hintsRevealed(exercise.name()) + "/" + exercise.hints().count(), exercise.title());
            if (next == null && !state.equals("solved")) {
                next = exercise;
            }
        }
        out.println();
        out.println(next == null ? "Every exercise is solved."
                : "Next: " + COMMAND + " verify " + next.name() + "   (stuck? " + COMMAND + " hint " + next.name() + ")");
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

    private int verify(Exercise exercise) {
        out.println("Verifying " + exercise.name() + ": its tests against " + relative(exercise.sources()) + " ...");
        out.flush();
        Verdict verdict = new ExerciseRunner(root).run(exercise, exercise.sources());
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
        out.println("Fix " + relative(exercise.sources().resolve(exercise.file()))
                + " (a TODO marks where to look), then run " + COMMAND + " verify " + exercise.name() + " again.");
        int revealed = progress.hintsRevealed(exercise.name());
        int hints = exercise.hints().count();
        if (revealed < hints) {
            out.println("Stuck? " + COMMAND + " hint " + exercise.name() + " shows hint " + (revealed + 1) + " of " + hints + ".");
        }
        return FAILING;
    }

    private String nextAfter(Exercise solved) {
        Progress progress = Progress.in(labDir);
        for (Exercise exercise : catalog.all()) {
            if (exercise != solved && !state(exercise, progress).equals("solved")) {
                return "Next: " + COMMAND + " verify " + exercise.name() + " (" + exercise.title() + ")";
            }
        }
        return "Every exercise is solved.";
    }

    private int verifyAll() {
        int failing = 0;
        for (Exercise exercise : catalog.all()) {
            if (verify(exercise) != OK) {
                failing++;
            }
            out.println();
        }
        out.println(failing == 0 ? "Every exercise is solved."
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
            out.println("Still stuck after trying it? " + COMMAND + " hint " + exercise.name()
                    + " reveals hint " + (revealed + 1) + ".");
        } else {
            out.println("That was the last hint. The reference solution is in "
                    + relative(exercise.solution()) + ": ask your instructor before you open it.");
        }
        return OK;
    }

    // ---- reset ------------------------------------------------------------------------------

    private int reset(Exercise exercise) {
        Path sources = exercise.sources();
        if (SourceTree.fingerprint(sources).equals(SourceTree.fingerprint(exercise.starter()))) {
            out.println(exercise.name() + " already holds its starter code; nothing to reset.");
            return OK;
        }
        Path saved = labDir.resolve("saved").resolve(exercise.name() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.isDirectory(sources)) {
            SourceTree.copy(sources, saved);
        }
        SourceTree.replace(sources, exercise.starter());
        Progress progress = Progress.in(labDir);
        progress.forgetVerdict(exercise.name());
        progress.save();
        out.println(exercise.name() + " is back to its starter code in " + relative(sources) + ".");
        if (Files.isDirectory(saved)) {
            out.println("Your version is saved in " + relative(saved) + ".");
        }
        return OK;
    }

    private String relative(Path path) {
        return root.relativize(path.toAbsolutePath().normalize()).toString();
    }
}
