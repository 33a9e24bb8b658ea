package leaklab.book.evidence;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of {@link BookEvidence}: every option but {@code --chapters} is required, and
 * each is a path or a list of JVM options.
 *
 * @param projectRoot the project's root folder
 * @param out the evidence folder the book includes from
 * @param work the scratch folder of the runs (logs, CSVs, jcmd outputs), one folder per chapter
 * @param probeClasses the book's compiled classes, which hold the probes
 * @param classpaths the folder of the variants' classpaths, one file {@code <chapter>-<variant>.classpath}
 *         each, written by the book's build-classpath executions
 * @param probeJvmOptions the options of the probes' JVMs
 * @param demoJvmOptions the options of the live demos' JVMs, as {@code run-demo} gives them
 * @param chapters the chapters to measure; all of them if {@code --chapters} is not given
 */
record EvidenceOptions(Path projectRoot, Path out, Path work, Path probeClasses, Path classpaths,
                       List<String> probeJvmOptions, List<String> demoJvmOptions, Set<String> chapters) {

    static EvidenceOptions parse(String[] args, Set<String> knownChapters) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new EvidenceException("bad arguments: " + Arrays.toString(args) + "\n" + usage(knownChapters));
            }
            values.put(args[i].substring(2), args[++i]);
        }
        Set<String> chapters = new LinkedHashSet<>(knownChapters);
        if (values.containsKey("chapters")) {
            chapters = new LinkedHashSet<>(List.of(values.get("chapters").strip().split("\\s*,\\s*")));
            if (!knownChapters.containsAll(chapters)) {
                throw new EvidenceException("--chapters " + values.get("chapters") + ": the chapters with evidence are "
                        + knownChapters);
            }
        }
        return new EvidenceOptions(path(values, "project-root", knownChapters), path(values, "out", knownChapters),
                path(values, "work", knownChapters), path(values, "probe-classes", knownChapters),
                path(values, "classpaths", knownChapters), jvmOptions(values, "probe-jvm-options", knownChapters),
                jvmOptions(values, "demo-jvm-options", knownChapters), Set.copyOf(chapters));
    }

    /** The classpath of one variant of a chapter's modules: the variant, the demo support and leakcheck. */
    String classpath(String chapter, String variant) {
        Path file = classpaths.resolve(chapter + "-" + variant + ".classpath");
        if (!Files.isRegularFile(file)) {
            throw new EvidenceException("no classpath for the " + variant + " " + chapter + " at " + file
                    + ": it is written by the book's maven-dependency-plugin build-classpath execution;"
                    + " build the book through Maven (./mvnw -pl book -am test)");
        }
        String classpath = Processes.read(file).strip();
        if (classpath.isEmpty()) {
            throw new EvidenceException("the classpath of the " + variant + " " + chapter + " in " + file + " is empty");
        }
        return classpath;
    }

    private static Path path(Map<String, String> values, String name, Set<String> knownChapters) {
        return Path.of(required(values, name, knownChapters)).toAbsolutePath().normalize();
    }

    private static List<String> jvmOptions(Map<String, String> values, String name, Set<String> knownChapters) {
        String text = required(values, name, knownChapters).strip();
        return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
    }

    private static String required(Map<String, String> values, String name, Set<String> knownChapters) {
        String value = values.get(name);
        if (value == null) {
            throw new EvidenceException("missing --" + name + "\n" + usage(knownChapters));
        }
        return value;
    }

    private static String usage(Set<String> knownChapters) {
        return "usage: BookEvidence --project-root DIR --out DIR --work DIR --probe-classes DIR --classpaths DIR"
                + " --probe-jvm-options \"...\" --demo-jvm-options \"...\" [--chapters "
                + String.join(",", knownChapters) + "]";
    }
}
