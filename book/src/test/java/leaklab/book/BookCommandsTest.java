package leaklab.book;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import leaklab.catalog.Scenario;
import leaklab.catalog.ScenarioCatalog;
import leaklab.demo.DemoOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every command the book and the READMEs tell a reader to type, checked against the project as it
 * is, so that none can rot: the modules a Maven command names exist, the workshop tool's commands
 * and exercises exist, a demo's options parse, and a long demo run is not stopped early by its heap
 * or thread cap (predicted from the growth per operation the book's evidence measured), a jcmd
 * command is one this JDK has, a class a {@code java} command starts is in the sources, and the
 * folders a {@code diff -r} compares exist. Commands are taken from {@code [source,shell]} blocks
 * and from inline code that starts with one of the project's tools.
 */
class BookCommandsTest {

    private static final Path ROOT = Path.of(System.getProperty("book.projectRoot"));
    private static final Path BOOK = ROOT.resolve("book/src/docs/asciidoc");
    private static final Path EVIDENCE =
            Path.of(System.getProperty("book.generatedDirectory")).resolve("evidence");
    private static final Pattern INLINE = Pattern.compile(
            "`\\+?((?:[A-Z_]+=\\S+ )*(?:\\./mvnw|mvn|mvnw\\.cmd|\\.\\\\mvnw\\.cmd|\\./run-demo|\\./lab|\\./diagnose|jcmd|java|diff -r) [^`]*?)\\+?`");
    private static final Set<String> LAB_COMMANDS = Set.of("list", "verify", "hint", "reset", "prepare", "help");
    private static final Set<String> PHASES = Set.of(
            "validate",
            "initialize",
            "generate-sources",
            "process-sources",
            "generate-resources",
            "process-resources",
            "compile",
            "process-classes",
            "generate-test-sources",
            "test-compile",
            "process-test-classes",
            "test",
            "package",
            "verify",
            "install",
            "clean");

    private static ScenarioCatalog catalog;
    private static Set<String> jcmdCommands;
    private static Map<String, String> facts;

    @BeforeAll
    static void readTheProject() throws Exception {
        catalog = ScenarioCatalog.in(ROOT);
        // What jcmd itself lists: some commands (GC.heap_dump) are not offered through JMX.
        Process jcmd = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(ProcessHandle.current().pid()),
                        "help")
                .redirectErrorStream(true)
                .start();
        String help = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jcmd.waitFor()).as("jcmd <this test's pid> help: %s", help).isZero();
        jcmdCommands = new TreeSet<>();
        for (String line : help.split("\\R")) {
            if (line.matches("[A-Z][A-Za-z]*\\.[A-Za-z_.]+")) {
                jcmdCommands.add(line.strip());
            }
        }
        facts = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(EVIDENCE)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith("-facts.adoc")).toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    Matcher fact = Pattern.compile("^:([\\w-]+):\\s*(.*)$").matcher(line);
                    if (fact.matches()) {
                        facts.put(fact.group(1), fact.group(2));
                    }
                }
            }
        }
    }

    @Test
    void every_command_in_the_book_and_the_readmes_works_as_written() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, List<String>> document : commands().entrySet()) {
            for (String command : document.getValue()) {
                checked++;
                check(command)
                        .ifPresent(problem -> problems.add(document.getKey() + ": " + command + "\n    " + problem));
            }
        }
        System.out.println(checked + " commands checked in the book and the READMEs");
        assertThat(checked).isGreaterThan(50);
        assertThat(problems)
                .as("commands that would not work as the text types them")
                .isEmpty();
    }

    @Test
    void a_demo_run_longer_than_its_caps_allow_is_caught() {
        assertThat(check("./run-demo scenarios/timer --duration 10m --rate 50"))
                .hasValueSatisfying(
                        problem -> assertThat(problem).contains("stops early").contains("heap"));
        assertThat(check("./run-demo scenarios/timer --rate fast"))
                .hasValueSatisfying(problem -> assertThat(problem).contains("--rate"));
        assertThat(check("./mvnw test -pl scenarios/timr"))
                .hasValueSatisfying(problem -> assertThat(problem).contains("no module scenarios/timr"));
        assertThat(check("jcmd <pid> GC.class_histogramm"))
                .hasValueSatisfying(problem -> assertThat(problem).contains("not a diagnostic command"));
    }

    /** What is wrong with a command, or nothing. */
    static Optional<String> check(String line) {
        String command = line.replaceAll("^(?:[A-Z_]+=\\S+ )+", "")
                .replaceAll("\\s+#.*$", "")
                .strip();
        List<String> words = words(command);
        if (words.isEmpty()) {
            return Optional.empty();
        }
        String tool = words.get(0);
        List<String> args = words.subList(1, words.size());
        return switch (tool) {
            case "./mvnw", "mvn", "mvnw.cmd", ".\\mvnw.cmd" -> maven(args);
            case "./run-demo" -> demo(args);
            case "./lab" -> lab(args);
            case "jcmd" -> jcmd(args);
            case "java" -> java(args);
            case "diff" -> diff(args);
            default -> Optional.empty();
        };
    }

    private static Optional<String> maven(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-pl") && i + 1 < args.size()) {
                for (String module : args.get(++i).split(",")) {
                    boolean exists = module.startsWith(":")
                            ? artifactExists(module.substring(1))
                            : Files.isRegularFile(ROOT.resolve(module).resolve("pom.xml"));
                    if (!exists) {
                        return Optional.of("no module " + module + " in the project");
                    }
                }
            } else if (!arg.startsWith("-") && !arg.contains(":") && !PHASES.contains(arg) && !arg.equals("&&")) {
                return Optional.of("\"" + arg + "\" is neither a lifecycle phase nor a plugin goal");
            } else if (arg.equals("&&")) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static boolean artifactExists(String artifactId) {
        try (Stream<Path> poms = Files.walk(ROOT, 3)) {
            return poms.filter(p -> p.getFileName().toString().equals("pom.xml")
                            && !p.toString().contains("target"))
                    .anyMatch(p -> read(p).contains("<artifactId>" + artifactId + "</artifactId>"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Optional<String> demo(List<String> args) {
        if (args.isEmpty()) {
            return Optional.of("names no module");
        }
        String module = args.get(0).replaceAll("/$", "");
        String name = module.replaceFirst("^(scenarios|fixes)/", "");
        Optional<Scenario> scenario = catalog.find(name);
        if (scenario.isEmpty() || !(module.startsWith("scenarios/") || module.startsWith("fixes/"))) {
            return Optional.of(module + " is not a module with a demo; the scenarios are " + catalog.names());
        }
        DemoOptions options;
        try {
            options = DemoOptions.parse(args.subList(1, args.size()).toArray(String[]::new));
        } catch (DemoOptions.BadOption e) {
            return Optional.of("the demo refuses it: " + e.getMessage());
        }
        // A leaking demo stops at its caps, and says so: only a run that asks for a duration means to last it.
        boolean durationAsked = args.stream().anyMatch(a -> a.startsWith("--duration"));
        if (options.help() || module.startsWith("fixes/") || !durationAsked) {
            return Optional.empty();
        }
        return caps(name, options);
    }

    /**
     * Whether the leaking demo runs as long as asked before a cap stops it, predicted from what the
     * evidence measured per operation: the live heap, the threads.
     */
    private static Optional<String> caps(String name, DemoOptions options) {
        long operations = options.duration().toSeconds() * options.rate();
        String prefix = name + "-leaking-";
        double threadsPerOp = number(facts.get(prefix + "threads-per-op"));
        double threadsAtStart = number(facts.get(prefix + "threads-first"));
        double heapPerOp = bytes(
                facts.getOrDefault(prefix + "live-heap-per-op", facts.get(prefix + "heap-after-gc-bytes-per-op")));
        if (Double.isNaN(threadsPerOp) || Double.isNaN(heapPerOp)) {
            return Optional.of("the book's evidence has no growth figures for " + name + " to check this run against");
        }
        // The heap cap is on the heap after a GC: what stays, plus the demo's own few MiB.
        double heap = 8 * 1024 * 1024 + heapPerOp * operations;
        double threads = threadsAtStart + threadsPerOp * operations;
        if (heap > 0.9 * options.maxHeapUsedBytes()) {
            return Optional.of(String.format(
                    Locale.ROOT,
                    "stops early: %d operations at %s per operation fill about"
                            + " %.0f MiB of heap, past its %d MiB cap (--max-heap-used)",
                    operations,
                    facts.getOrDefault(prefix + "live-heap-per-op", "?"),
                    heap / (1 << 20),
                    options.maxHeapUsedBytes() >> 20));
        }
        if (threads > 0.9 * options.maxThreads()) {
            return Optional.of(String.format(
                    Locale.ROOT,
                    "stops early: %d operations at %.2f threads per operation"
                            + " make about %.0f threads, past its cap of %d (--max-threads)",
                    operations,
                    threadsPerOp,
                    threads,
                    options.maxThreads()));
        }
        return Optional.empty();
    }

    private static Optional<String> lab(List<String> args) {
        List<String> rest = args.stream().filter(a -> !a.startsWith("--")).toList();
        if (rest.isEmpty() || !LAB_COMMANDS.contains(rest.get(0))) {
            return Optional.of("./lab knows " + LAB_COMMANDS);
        }
        if (rest.size() > 1
                && !rest.get(1).startsWith("<")
                && !Files.isRegularFile(
                        ROOT.resolve("exercises").resolve(rest.get(1)).resolve("exercise.properties"))) {
            return Optional.of("no exercise " + rest.get(1));
        }
        return Optional.empty();
    }

    private static Optional<String> jcmd(List<String> args) {
        if (args.size() < 2 || args.get(1).equals("help") || !args.get(0).startsWith("<")) {
            return Optional.empty();
        }
        String command = args.get(1);
        return jcmdCommands.contains(command)
                ? Optional.empty()
                : Optional.of(command + " is not a diagnostic command of this JDK (jcmd <pid> help lists them)");
    }

    private static Optional<String> java(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("-cp") && i + 2 < args.size()) {
                String main = args.get(i + 2);
                Path source = findSource(main);
                return source != null
                        ? Optional.empty()
                        : Optional.of("no class " + main + " in the project's sources");
            }
        }
        return Optional.empty();
    }

    private static Path findSource(String className) {
        String file = className.replace('.', '/') + ".java";
        try (Stream<Path> dirs = Files.walk(ROOT, 4)) {
            return dirs.filter(d -> d.endsWith("src/main/java"))
                    .map(d -> d.resolve(file))
                    .filter(Files::isRegularFile)
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Optional<String> diff(List<String> args) {
        for (String arg : args.subList(args.get(0).startsWith("-") ? 1 : 0, args.size())) {
            if (!Files.exists(ROOT.resolve(arg))) {
                return Optional.of("no " + arg + " to compare");
            }
        }
        return Optional.empty();
    }

    /** Every command, by the document that types it. */
    static Map<String, List<String>> commands() throws IOException {
        Map<String, List<String>> byDocument = new LinkedHashMap<>();
        List<Path> documents = new ArrayList<>();
        try (Stream<Path> adoc = Files.list(BOOK)) {
            adoc.filter(f -> f.toString().endsWith(".adoc")).sorted().forEach(documents::add);
        }
        try (Stream<Path> readmes = Files.walk(ROOT, 3)) {
            readmes.filter(f -> f.getFileName().toString().equals("README.md")
                            && !f.toString().contains("target"))
                    .sorted()
                    .forEach(documents::add);
        }
        for (Path document : documents) {
            if (document.getFileName().toString().startsWith("_")) {
                continue; // a partial: read where a chapter includes it, with the chapter's attributes
            }
            List<String> found = commandsIn(document, new LinkedHashMap<>());
            if (!found.isEmpty()) {
                byDocument.put(ROOT.relativize(document).toString(), found);
            }
        }
        return byDocument;
    }

    /**
     * The commands of one document. An AsciiDoc partial ({@code include::_hints.adoc[]}) is read in
     * place, with the attributes the document set before it ({@code :exercise: timer}) substituted.
     */
    private static List<String> commandsIn(Path document, Map<String, String> attributes) throws IOException {
        List<String> found = new ArrayList<>();
        boolean inShell = false;
        boolean shellNext = false;
        String fence = null;
        for (String raw : Files.readAllLines(document, StandardCharsets.UTF_8)) {
            String line = raw;
            for (Map.Entry<String, String> attribute : attributes.entrySet()) {
                line = line.replace("{" + attribute.getKey() + "}", attribute.getValue());
            }
            if (document.toString().endsWith(".md")) {
                if (line.startsWith("```")) {
                    inShell = !inShell && (line.equals("```sh") || line.equals("```shell") || line.equals("```bat"));
                    continue;
                }
            } else {
                Matcher attribute = Pattern.compile("^:([\\w-]+):\\s*(.*)$").matcher(line);
                if (attribute.matches()) {
                    attributes.put(attribute.group(1), attribute.group(2));
                    continue;
                }
                Matcher partial =
                        Pattern.compile("^include::(_[\\w-]+\\.adoc)\\[]$").matcher(line);
                if (partial.matches()) {
                    found.addAll(commandsIn(document.resolveSibling(partial.group(1)), attributes));
                    continue;
                }
                if (line.matches("\\[source,(shell|bat|console)]")) {
                    shellNext = true;
                    continue;
                }
                if (line.equals("----")) {
                    inShell = fence == null && shellNext;
                    fence = fence == null ? "----" : null;
                    shellNext = false;
                    continue;
                }
            }
            if (inShell) {
                if (!line.isBlank() && !line.startsWith("#") && !line.startsWith("  ")) {
                    found.add(line);
                }
            } else {
                Matcher inline = INLINE.matcher(line);
                while (inline.find()) {
                    found.add(inline.group(1));
                }
            }
        }
        return found;
    }

    /** Words as a shell splits them: at spaces outside quotes, the quotes removed; up to a pipe. */
    private static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : command.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (c == ' ') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (c == '|' && !inWord) {
                break;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static double number(String text) {
        try {
            return text == null ? Double.NaN : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** "33.6 KiB" as bytes. */
    private static double bytes(String text) {
        if (text == null) {
            return Double.NaN;
        }
        Matcher size = Pattern.compile("(-?[\\d.]+) (B|KiB|MiB|GiB)").matcher(text);
        if (!size.matches()) {
            return Double.NaN;
        }
        double value = Double.parseDouble(size.group(1));
        return switch (size.group(2)) {
            case "KiB" -> value * 1024;
            case "MiB" -> value * 1024 * 1024;
            case "GiB" -> value * 1024 * 1024 * 1024;
            default -> value;
        };
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
