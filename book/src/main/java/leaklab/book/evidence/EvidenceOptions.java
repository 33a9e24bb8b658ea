package leaklab.book.evidence;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@link BookEvidence}: every option but {@code --scenarios} is required.
 *
 * @param projectRoot the project's root folder
 * @param out the evidence folder the book includes from
 * @param work the scratch folder of the runs (logs, CSVs, jcmd outputs), one folder per scenario
 * @param launcherClasses the book's compiled classes, which hold the test launcher
 * @param testJvmOptions the options of the JVMs that run a scenario module's tests, as Surefire's
 * @param demoJvmOptions the options of the live demos' JVMs, as {@code run-demo} gives them
 * @param scenarios the scenarios to measure ({@code --scenarios timer,thread}); empty for all of them
 *         ({@code --scenarios all}, or no option)
 * @param remeasure whether to measure a chapter whose inputs did not change since its outputs were
 *         measured ({@code --remeasure true}; false, the default, keeps them: {@link EvidenceInputs})
 */
record EvidenceOptions(
        Path projectRoot,
        Path out,
        Path work,
        Path launcherClasses,
        List<String> testJvmOptions,
        List<String> demoJvmOptions,
        List<String> scenarios,
        boolean remeasure) {

    static EvidenceOptions parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new EvidenceException("bad arguments: " + Arrays.toString(args) + "\n" + usage());
            }
            values.put(args[i].substring(2), args[++i]);
        }
        String scenarios = values.getOrDefault("scenarios", "all").strip();
        return new EvidenceOptions(
                path(values, "project-root"),
                path(values, "out"),
                path(values, "work"),
                path(values, "launcher-classes"),
                jvmOptions(values, "test-jvm-options"),
                jvmOptions(values, "demo-jvm-options"),
                scenarios.equals("all") ? List.of() : List.of(scenarios.split("\\s*,\\s*")),
                remeasure(values.getOrDefault("remeasure", "false")));
    }

    private static boolean remeasure(String value) {
        return switch (value.strip()) {
            case "true", "" -> true;
            case "false" -> false;
            default -> throw new EvidenceException("--remeasure " + value + ": true or false\n" + usage());
        };
    }

    private static Path path(Map<String, String> values, String name) {
        return Path.of(required(values, name)).toAbsolutePath().normalize();
    }

    private static List<String> jvmOptions(Map<String, String> values, String name) {
        String text = required(values, name).strip();
        return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
    }

    private static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null) {
            throw new EvidenceException("missing --" + name + "\n" + usage());
        }
        return value;
    }

    private static String usage() {
        return "usage: BookEvidence --project-root DIR --out DIR --work DIR --launcher-classes DIR"
                + " --test-jvm-options \"...\" --demo-jvm-options \"...\" [--scenarios all|timer,thread] [--remeasure true|false]";
    }
}
