package leaklab.book.evidence;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code ./diagnose} printed against a live JVM, cut at its steps, for the chapter to show each
 * step's part beside the step: its first line ({@code Diagnosis of the JVM ...}), then
 * {@code 1. Classify} to {@code 6. File descriptors}, then the verdict. Each part is the tool's
 * text as printed, nothing rewritten.
 */
final class DiagnoseReport {

    /** The steps as the tool numbers them, by the names the chapter's files take. */
    static final Map<String, String> STEPS = stepNames();

    private static final Pattern STEP = Pattern.compile("^(\\d)\\. ");

    private DiagnoseReport() {}

    private static Map<String, String> stepNames() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("1", "classify");
        names.put("2", "is-it-a-leak");
        names.put("3", "what-grows");
        names.put("4", "who-holds-it");
        names.put("5", "threads");
        names.put("6", "file-descriptors");
        names.put("Verdict", "verdict");
        return names;
    }

    /**
     * The parts, by name: {@code header}, then each of {@link #STEPS} the report has.
     *
     * @throws IllegalArgumentException if it is not the tool's report of a live JVM
     */
    static Map<String, String> split(String report) {
        Map<String, StringBuilder> parts = new LinkedHashMap<>();
        StringBuilder part = new StringBuilder();
        parts.put("header", part);
        for (String line : report.split("\\R", -1)) {
            Matcher step = STEP.matcher(line);
            String key = step.find() ? step.group(1) : line.startsWith("Verdict: ") ? "Verdict" : null;
            if (key != null && STEPS.containsKey(key)) {
                part = new StringBuilder();
                parts.put(STEPS.get(key), part);
            }
            part.append(line).append('\n');
        }
        if (!report.startsWith("Diagnosis of the JVM ") || !parts.containsKey("verdict")) {
            throw new IllegalArgumentException("not ./diagnose's report of a live JVM: "
                    + report.lines().findFirst().orElse("(empty)"));
        }
        Map<String, String> text = new LinkedHashMap<>();
        parts.forEach((name, lines) -> text.put(name, lines.toString().strip() + "\n"));
        return text;
    }

    /** The verdict's kind, as {@code --json} writes it: {@code heap-leak}, from {@code Verdict: Heap leak: ...}. */
    static String verdictKind(String report) {
        String verdict = split(report).get("verdict").lines().findFirst().orElse("");
        String title =
                verdict.replaceFirst("^Verdict: ", "").replaceFirst(":.*$", "").strip();
        return switch (title) {
            case "Heap leak" -> "heap-leak";
            case "Thread leak" -> "thread-leak";
            case "File descriptor leak" -> "fd-leak";
            case "Direct memory leak" -> "direct-memory-leak";
            case "No leak found" -> "no-leak";
            default -> throw new IllegalArgumentException("unknown verdict: " + verdict);
        };
    }

    /** The verdict's suspect: {@code leaklab.timer.Session} from {@code Verdict: Heap leak: leaklab.timer.Session}. */
    static String suspect(String report) {
        String verdict = split(report).get("verdict").lines().findFirst().orElse("");
        int colon = verdict.indexOf(": ", "Verdict: ".length());
        return colon < 0 ? "" : verdict.substring(colon + 2).strip();
    }
}
