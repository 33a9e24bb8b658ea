package leaklab.catalog;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every scenario of the project, found by its descriptor: {@code scenarios/<name>/scenario.properties}.
 * Shared code (the book, the benchmarks, the workshop tool, the tools) discovers scenarios here and
 * nowhere else, so adding one needs no change to them.
 *
 * <pre>{@code
 * for (Scenario scenario : ScenarioCatalog.in(projectRoot).all()) {
 *     Path fixed = scenario.module(Side.FIXED);   // fixes/timer
 * }
 * }</pre>
 *
 * <p>A descriptor is read strictly: an unknown key (a typo), a missing one or a value that is not
 * what it should be stops the reader with a one-line message naming the file and the key.
 */
public final class ScenarioCatalog {

    private static final Pattern LOOK_KEY = Pattern.compile("evidence\\.look\\.(\\d+)\\.(after|jcmd)");
    private static final Pattern EXPECTATION_KEY = Pattern.compile("evidence\\.(leaking|fixed)\\.(.+)");
    private static final Set<String> KEYS = Set.of(
            "order",
            "title",
            "leak",
            "operation",
            "operations",
            "demo.main",
            "evidence.rate",
            "evidence.jvm-options",
            "evidence.chart",
            "evidence.histogram.classes",
            "evidence.threads",
            "benchmarks",
            "diagnose.verdict",
            "diagnose.suspect",
            "diagnose.rate");

    private final Path root;
    private final List<Scenario> scenarios;

    private ScenarioCatalog(Path root, List<Scenario> scenarios) {
        this.root = root;
        this.scenarios = scenarios;
    }

    /** Reads every descriptor under {@code root/scenarios}, in chapter order. */
    public static ScenarioCatalog in(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        Path folder = absolute.resolve(Side.LEAKING.folder());
        List<Scenario> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(folder, Files::isDirectory)) {
            for (Path dir : dirs) {
                if (Files.isRegularFile(dir.resolve(Scenario.DESCRIPTOR))) {
                    found.add(read(absolute, dir.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the scenarios in " + folder, e);
        }
        found.sort(Comparator.comparingInt(Scenario::order).thenComparing(Scenario::name));
        Set<Integer> orders = new HashSet<>();
        for (Scenario scenario : found) {
            if (!orders.add(scenario.order())) {
                throw new DescriptorException(relative(absolute, scenario.descriptor()) + ": order " + scenario.order()
                        + " is taken by another scenario; each chapter needs a place of its own");
            }
        }
        return new ScenarioCatalog(absolute, List.copyOf(found));
    }

    public Path root() {
        return root;
    }

    /** Every scenario, in chapter order. */
    public List<Scenario> all() {
        return scenarios;
    }

    public Optional<Scenario> find(String name) {
        return scenarios.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The names, in chapter order, for messages: {@code [timer, thread]}. */
    public List<String> names() {
        return scenarios.stream().map(Scenario::name).toList();
    }

    /** Reads one descriptor. */
    static Scenario read(Path root, String name) {
        Path file = root.resolve(Side.LEAKING.module(name)).resolve(Scenario.DESCRIPTOR);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Descriptor d = new Descriptor(relative(root, file), properties);
        d.rejectUnknownKeys();
        Evidence evidence = new Evidence(
                d.positiveInt("evidence.rate"),
                d.words("evidence.jvm-options"),
                d.looks(),
                d.list("evidence.chart", true),
                d.list("evidence.histogram.classes", false),
                d.list("evidence.threads", false),
                d.expectations());
        for (Expectation expectation : evidence.expectations()) {
            String command = expectation.kind().jcmd();
            if (command != null
                    && !(evidence.firstLook().takes(command)
                            && evidence.lastLook().takes(command))) {
                throw d.problem(
                        "evidence." + expectation.side().word() + "." + expectation.metric(),
                        "is measured between the first and the last look, so both must take " + command);
            }
        }
        return new Scenario(
                name,
                root,
                d.positiveInt("order"),
                d.text("title"),
                d.text("leak"),
                d.text("operation"),
                d.text("operations"),
                d.className("demo.main"),
                evidence,
                d.identifier("benchmarks"),
                d.expectedVerdict());
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString();
    }

    /** One descriptor's properties, with the checks and the message that names the file. */
    private record Descriptor(String file, Properties properties) {

        void rejectUnknownKeys() {
            for (String key : new TreeSet<>(properties.stringPropertyNames())) {
                if (!KEYS.contains(key)
                        && !LOOK_KEY.matcher(key).matches()
                        && !EXPECTATION_KEY.matcher(key).matches()) {
                    throw problem(
                            key,
                            "is not a key of a scenario descriptor (a typo?); the keys are " + new TreeSet<>(KEYS)
                                    + ", evidence.look.N.after, evidence.look.N.jcmd, evidence.leaking.<metric>, evidence.fixed.<metric>");
                }
            }
        }

        String text(String key) {
            String value = properties.getProperty(key);
            if (value == null || value.isBlank()) {
                throw problem(key, "is missing");
            }
            return value.strip();
        }

        int positiveInt(String key) {
            String value = text(key);
            try {
                int n = Integer.parseInt(value);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw problem(key, "must be a whole number above 0, not \"" + value + "\"");
        }

        String className(String key) {
            String value = text(key);
            if (!value.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)+")) {
                throw problem(key, "must be a fully qualified class name, not \"" + value + "\"");
            }
            return value;
        }

        String identifier(String key) {
            String value = text(key);
            if (!value.matches("[A-Z][A-Za-z0-9]*")) {
                throw problem(key, "must be a class-name prefix such as TimerCost, not \"" + value + "\"");
            }
            return value;
        }

        /** A comma-separated list; {@code required} if it may not be empty. */
        List<String> list(String key, boolean required) {
            String value = properties.getProperty(key, "").strip();
            if (value.isEmpty()) {
                if (required) {
                    throw problem(key, "is missing");
                }
                return List.of();
            }
            return Arrays.stream(value.split("\\s*,\\s*"))
                    .filter(s -> !s.isEmpty())
                    .toList();
        }

        /** A space-separated list, possibly empty. */
        List<String> words(String key) {
            String value = properties.getProperty(key, "").strip();
            return value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
        }

        /** Both diagnose keys or neither; a scenario without them is one ./diagnose's tests cannot check yet. */
        Optional<ExpectedVerdict> expectedVerdict() {
            boolean verdict = properties.containsKey("diagnose.verdict");
            boolean suspect = properties.containsKey("diagnose.suspect");
            if (!verdict && !suspect) {
                return Optional.empty();
            }
            if (verdict != suspect) {
                throw problem(
                        verdict ? "diagnose.suspect" : "diagnose.verdict",
                        "is missing: the two diagnose keys go together"
                                + " (e.g. diagnose.verdict = heap-leak, diagnose.suspect = leaklab.timer.Session)");
            }
            String kind = text("diagnose.verdict");
            String suspectText = text("diagnose.suspect");
            String problem = ExpectedVerdict.problem(kind, suspectText);
            if (problem != null) {
                throw new DescriptorException(file + ": " + problem);
            }
            int rate = properties.containsKey("diagnose.rate")
                    ? positiveInt("diagnose.rate")
                    : ExpectedVerdict.DEFAULT_RATE;
            return Optional.of(new ExpectedVerdict(kind, suspectText, rate));
        }

        List<Look> looks() {
            List<Look> looks = new ArrayList<>();
            for (int n = 1; properties.containsKey("evidence.look." + n + ".after"); n++) {
                String key = "evidence.look." + n + ".after";
                long after;
                try {
                    after = Long.parseLong(text(key));
                } catch (NumberFormatException e) {
                    throw problem(key, "must be a number of operations, not \"" + properties.getProperty(key) + "\"");
                }
                if (after <= 0
                        || (!looks.isEmpty()
                                && after <= looks.get(looks.size() - 1).afterOperations())) {
                    throw problem(key, "must be above 0 and above the look before it: looks follow the workload");
                }
                looks.add(new Look(n, after, list("evidence.look." + n + ".jcmd", true)));
            }
            for (String key : properties.stringPropertyNames()) {
                Matcher m = LOOK_KEY.matcher(key);
                if (m.matches() && Integer.parseInt(m.group(1)) > looks.size()) {
                    throw problem(key, "has no evidence.look." + m.group(1) + ".after, or a look before it is missing");
                }
            }
            if (looks.size() < 2) {
                throw problem(
                        "evidence.look.1.after",
                        "and evidence.look.2.after are needed: growth is measured between two looks");
            }
            return looks;
        }

        List<Expectation> expectations() {
            List<Expectation> expectations = new ArrayList<>();
            for (String key : new TreeSet<>(properties.stringPropertyNames())) {
                Matcher m = EXPECTATION_KEY.matcher(key);
                if (!m.matches()) {
                    continue;
                }
                String value = text(key);
                double perOperation;
                try {
                    perOperation = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw problem(key, "must be a number per operation, not \"" + value + "\"");
                }
                if (!(perOperation > 0)) {
                    throw problem(key, "must be above 0");
                }
                Side side = m.group(1).equals("leaking") ? Side.LEAKING : Side.FIXED;
                expectations.add(new Expectation(side, m.group(2), perOperation));
            }
            for (Side side : Side.values()) {
                if (expectations.stream().noneMatch(e -> e.side() == side)) {
                    throw problem(
                            "evidence." + side.word() + ".*",
                            "is missing: the evidence must say what the "
                                    + side.word() + " side shows (e.g. evidence." + side.word() + ".threads = "
                                    + (side == Side.LEAKING ? "0.9" : "0.1") + ")");
                }
            }
            return expectations;
        }

        DescriptorException problem(String key, String what) {
            return new DescriptorException(file + ": " + key + " " + what);
        }
    }
}
