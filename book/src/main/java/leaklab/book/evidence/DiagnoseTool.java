package leaklab.book.evidence;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code ./diagnose}, run the way the launcher script runs it: the tool's main
 * ({@code leaklab.diagnose.Diagnose}, module {@code diagnosis/}) with plain {@code java}, its JVM
 * options and its classpath as its build wrote them, in a JVM of its own. The book's pom orders the
 * build so that the tool is built first.
 *
 * <p>Against a live JVM the tool mostly waits: it holds a busy slot while its JVM starts and
 * attaches (until it prints that it samples) and from the moment it says it takes a heap dump,
 * whose analysis is its hard work, to its end. Against a dump, the whole run is hard work.
 */
final class DiagnoseTool {

    private static final Pattern SAMPLING = Pattern.compile("(?m)^diagnose: sampling the JVM");
    private static final Pattern DUMPING = Pattern.compile("(?m)^diagnose: taking one heap dump");
    private static final String MAIN = "leaklab.diagnose.Diagnose";

    /** What one run printed. */
    record Result(List<String> args, int exit, String out, String err) {}

    private final Path classes;
    private final Path classpathFile;
    private final Path jvmOptionsFile;
    private final Jdk jdk;
    private final JvmSlots slots;

    DiagnoseTool(Path projectRoot, Jdk jdk, JvmSlots slots) {
        Path target = projectRoot.resolve("diagnosis/target");
        this.classes = target.resolve("classes");
        this.classpathFile = target.resolve("diagnose/classpath.txt");
        this.jvmOptionsFile = classes.resolve("leaklab/diagnose/jvm.options");
        this.jdk = jdk;
        this.slots = slots;
    }

    /**
     * Runs the tool to its end. The caller holds an alive slot for its JVM: a run against a demo takes it
     * before it lets the demo run on, so the tool starts at once.
     *
     * @param what the run, for messages: "./diagnose against the leaking timer demo"
     * @param dir its working folder: a relative {@code --heap-dump} file is read from there
     * @param args the tool's arguments, as a reader types them after {@code ./diagnose}
     * @param limit how long it may take before it is killed and the build fails
     */
    Result run(String what, Path dir, List<String> args, Duration limit) {
        List<String> command = command(args);
        boolean live = !args.contains("--heap-dump");
        slots.busyStart();
        boolean busy = true;
        try (LiveProcess tool = LiveProcess.start(what, command, dir, limit)) {
            if (live && tool.awaitUnlessEnded(SAMPLING, "that it samples").isPresent()) {
                slots.busyEnd();
                busy = false;
                if (tool.awaitUnlessEnded(DUMPING, "that it takes a heap dump").isPresent()) {
                    slots.busyStart();
                    busy = true;
                }
            }
            int exit = tool.awaitExit();
            return new Result(List.copyOf(args), exit, tool.out(), tool.err());
        } finally {
            if (busy) {
                slots.busyEnd();
            }
        }
    }

    private List<String> command(List<String> args) {
        for (Path built : List.of(classes, classpathFile, jvmOptionsFile)) {
            if (!Files.exists(built)) {
                throw new EvidenceException("the diagnose tool is not built (no " + built.getFileName()
                        + " in diagnosis/target):" + " the book's build builds it first, ./mvnw -q package -pl book");
            }
        }
        List<String> command = new ArrayList<>();
        command.add(jdk.java().toString());
        String options = Processes.read(jvmOptionsFile).strip();
        if (!options.isEmpty()) {
            command.addAll(List.of(options.split("\\s+")));
        }
        command.add("-cp");
        command.add(classes + File.pathSeparator + Processes.read(classpathFile).strip());
        command.add(MAIN);
        command.addAll(args);
        return command;
    }
}
