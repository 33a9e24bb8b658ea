package leaklab.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import leaklab.benchmarks.BodyAllocationProfiler;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.profile.Profiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs JMH and records its results as the file the book's Cost table is generated from.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar leaklab.benchmarks.report.RecordCost \
 *      benchmarks/results/timer.json TimerCost -f 1
 * </pre>
 * The first argument is the file to write; the rest are JMH's usual options. It always adds what
 * the table needs ({@code -prof gc}, {@code -prof leaklab.benchmarks.BodyAllocationProfiler},
 * {@code -rf json}), then rewrites JMH's JSON before saving it:
 * <ul>
 *   <li>{@code "jvm"}, the path of the java launcher on the machine that ran the benchmarks, becomes
 *       the JDK version, and that machine's folders in {@code "jvmArgs"} become placeholders: a
 *       committed file names no machine's paths;</li>
 *   <li>a {@code "machine"} object is added to each result (operating system, cores, CPU model),
 *       which JMH does not record and a reader of a benchmark needs. Tools that read JMH's JSON
 *       ignore fields they do not know.</li>
 * </ul>
 * Then it prints the table, as {@link CostTable} will render it in the build.
 */
public final class RecordCost {

    private RecordCost() {}

    public static void main(String[] args) throws IOException, RunnerException {
        if (args.length < 1 || args[0].startsWith("-")) {
            System.err.println("usage: RecordCost <results.json> [JMH options, e.g. TimerCost -f 1]");
            System.exit(2);
        }
        Path resultFile = Path.of(args[0]);
        CommandLineOptions jmhOptions;
        try {
            jmhOptions = new CommandLineOptions(Arrays.copyOfRange(args, 1, args.length));
        } catch (CommandLineOptionException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path raw = Files.createTempFile("jmh-results-", ".json");
        try {
            OptionsBuilder options = new OptionsBuilder();
            options.parent(jmhOptions).resultFormat(ResultFormatType.JSON).result(raw.toString());
            addUnlessAsked(options, jmhOptions, GCProfiler.class, "gc");
            addUnlessAsked(options, jmhOptions, BodyAllocationProfiler.class, BodyAllocationProfiler.class.getName());
            Options built = options.build();
            long start = System.nanoTime();
            new Runner(built).run();
            Map<String, Object> machine = Machine.current();
            // How long the whole run took: the figure a reader needs before starting one (JMH's ETA is an estimate).
            machine.put("runSeconds", new java.math.BigDecimal((System.nanoTime() - start) / 1_000_000_000L));

            String recorded = scrubbed(Files.readString(raw, StandardCharsets.UTF_8), machine);
            Path folder = resultFile.toAbsolutePath().getParent();
            if (folder != null) {
                Files.createDirectories(folder);
            }
            Files.writeString(resultFile, recorded, StandardCharsets.UTF_8);
            System.out.println();
            System.out.println("Recorded " + resultFile + "; the table the build will generate from it:");
            System.out.println();
            System.out.print(CostTable.render(recorded, "results/" + resultFile.getFileName()));
        } finally {
            Files.deleteIfExists(raw);
        }
    }

    private static void addUnlessAsked(
            OptionsBuilder options, CommandLineOptions asked, Class<? extends Profiler> profiler, String shortName) {
        boolean alreadyAsked = asked.getProfilers().stream()
                .anyMatch(config ->
                        config.getKlass().equals(shortName) || config.getKlass().equals(profiler.getName()));
        if (!alreadyAsked) {
            options.addProfiler(profiler);
        }
    }

    /** JMH's JSON without the recording machine's paths, with a description of that machine. */
    @SuppressWarnings("unchecked")
    static String scrubbed(String jmhJson, Map<String, Object> machine) {
        List<Object> results = (List<Object>) Json.parse(jmhJson);
        for (Object element : results) {
            Map<String, Object> result = (Map<String, Object>) element;
            Map<String, Object> rewritten = new LinkedHashMap<>();
            for (Map.Entry<String, Object> field : result.entrySet()) {
                switch (field.getKey()) {
                    case "jvm" -> rewritten.put("jvm", "JDK " + result.get("jdkVersion"));
                    case "jvmArgs" -> rewritten.put("jvmArgs", withoutLocalPaths((List<Object>) field.getValue()));
                    default -> rewritten.put(field.getKey(), field.getValue());
                }
                if (field.getKey().equals("vmVersion")) {
                    rewritten.put("machine", machine);
                }
            }
            rewritten.putIfAbsent("machine", machine);
            result.clear();
            result.putAll(rewritten);
        }
        return Json.write(results);
    }

    private static List<Object> withoutLocalPaths(List<Object> jvmArgs) {
        List<Object> scrubbed = new ArrayList<>();
        for (Object arg : jvmArgs) {
            String text = String.valueOf(arg);
            text = replaceFolder(text, System.getProperty("java.home"), "${java.home}");
            text = replaceFolder(text, System.getProperty("user.dir"), "${user.dir}");
            text = replaceFolder(text, System.getProperty("user.home"), "${user.home}");
            text = replaceFolder(text, System.getProperty("java.io.tmpdir"), "${java.io.tmpdir}");
            scrubbed.add(text);
        }
        return scrubbed;
    }

    private static String replaceFolder(String text, String folder, String placeholder) {
        if (folder == null || folder.length() <= 1) {
            return text;
        }
        return text.replace(folder, placeholder);
    }

    /** What JMH does not record about the machine it ran on. */
    static final class Machine {

        private Machine() {}

        static Map<String, Object> current() {
            Map<String, Object> machine = new LinkedHashMap<>();
            machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            machine.put("cores", new java.math.BigDecimal(Runtime.getRuntime().availableProcessors()));
            String cpu = cpuModel();
            if (cpu != null) {
                machine.put("cpu", cpu);
            }
            return machine;
        }

        // Linux names the CPU in /proc/cpuinfo; elsewhere the caption goes without it.
        private static String cpuModel() {
            Path cpuinfo = Path.of("/proc/cpuinfo");
            if (!Files.isReadable(cpuinfo)) {
                return null;
            }
            try (Stream<String> lines = Files.lines(cpuinfo)) {
                return lines.filter(line -> line.startsWith("model name"))
                        .map(line ->
                                line.substring(line.indexOf(':') + 1).trim().replaceAll("\\s+", " "))
                        .findFirst()
                        .orElse(null);
            } catch (IOException e) {
                return null;
            }
        }
    }
}
