package leaklab.benchmarks.report;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import leaklab.benchmarks.BodyAllocationProfiler;

/**
 * Turns a JMH result file (JSON) into the AsciiDoc table the book prints, so that no figure in the
 * book is ever typed by hand.
 *
 * <p>One row per benchmark and parameter set: the benchmark, the variant, the other parameters, the
 * time per operation with JMH's 99.9% error, and the bytes allocated per operation (recorded by
 * {@link BodyAllocationProfiler}, else {@code -prof gc}'s {@code gc.alloc.rate.norm}). The caption says where the figures come from, all of it read from the file:
 * JMH and JDK versions, the machine (recorded by {@link RecordCost}), and each benchmark's JMH
 * settings.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar leaklab.benchmarks.report.CostTable \
 *      benchmarks/results benchmarks/target/generated
 * </pre>
 * writes {@code <name>-cost.adoc} for every {@code <name>.json}; a single file works too. The
 * benchmarks build runs exactly this in {@code process-classes}.
 */
public final class CostTable {

    private static final String VARIANT = "variant";
    private static final List<String> VARIANT_ORDER = List.of("leaking", "fixed");
    private static final String BODY_ALLOCATION = BodyAllocationProfiler.METRIC;

    private CostTable() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: CostTable <results.json | folder of them> <output folder>");
            System.exit(2);
        }
        Path input = Path.of(args[0]);
        Path outputFolder = Path.of(args[1]);
        List<Path> resultFiles = new ArrayList<>();
        if (Files.isDirectory(input)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(input, "*.json")) {
                files.forEach(resultFiles::add);
            }
        } else if (Files.isRegularFile(input)) {
            resultFiles.add(input);
        }
        if (resultFiles.isEmpty()) {
            System.out.println("CostTable: no JMH results in " + input + ", no table written");
            return;
        }
        Files.createDirectories(outputFolder);
        resultFiles.sort(Comparator.naturalOrder());
        for (Path resultFile : resultFiles) {
            String name = resultFile.getFileName().toString().replaceFirst("\\.json$", "");
            Path table = outputFolder.resolve(name + "-cost.adoc");
            String source = "results/" + resultFile.getFileName();
            String json = Files.readString(resultFile, StandardCharsets.UTF_8);
            Files.writeString(table, render(json, source), StandardCharsets.UTF_8);
            Files.writeString(
                    outputFolder.resolve(name + "-cost-facts.adoc"), facts(name, json, source), StandardCharsets.UTF_8);
        }
    }

    /**
     * The comparisons a Cost section states, as AsciiDoc attributes, so that its prose says only
     * what the recorded run shows: per benchmark row {@code <name>-cost-<NN>[-<param>-<value>]-<side>}
     * (the time with its error), {@code ...-fixed-vs-leaking} ("11% slower, beyond both errors",
     * "the same within the errors (3% apart)"), and, for a benchmark with one parameter besides the
     * side, {@code <name>-cost-<NN>-<side>-<param>-<last>-vs-<first>} across its first and last value.
     * {@code NN} is the number in the benchmark's class name ({@code TimerCost_02_...} is {@code 02}).
     * A class with more than one benchmark method names the method in its rows too, after the number
     * ({@code <name>-cost-<NN>-<method>...}), and compares its methods two by two, with the same other
     * parameters and side: {@code <name>-cost-<NN>[-<param>-<value>][-<side>]-<method>-vs-<other method>}.
     */
    public static String facts(String name, String json, String source) {
        List<Map<String, Object>> results = results(json, source);
        StringBuilder out = new StringBuilder("// Generated from benchmarks/" + source
                + " by leaklab.benchmarks.report.CostTable. Do not edit: run the benchmarks again.\n");
        Map<String, double[]> measured = new LinkedHashMap<>();
        Map<String, Map<String, List<String>>> valuesByBenchmark = new LinkedHashMap<>();
        Map<String, Set<String>> methodsByClass = new LinkedHashMap<>();
        for (Map<String, Object> result : results) {
            methodsByClass
                    .computeIfAbsent(className(string(result, "benchmark")), c -> new LinkedHashSet<>())
                    .add(methodName(string(result, "benchmark")));
        }
        // By number, other parameters and side: each method's score and error, in the file's order.
        Map<String, Map<String, double[]>> byMethod = new LinkedHashMap<>();
        for (Map<String, Object> result : results) {
            String benchmarkClass = className(string(result, "benchmark"));
            boolean severalMethods = methodsByClass.get(benchmarkClass).size() > 1;
            String method = slug(methodName(string(result, "benchmark")));
            String benchmark = number(benchmarkClass) + (severalMethods ? "-" + method : "");
            Map<String, Object> params = params(result);
            StringBuilder others = new StringBuilder();
            new java.util.TreeMap<>(params).forEach((key, value) -> {
                if (!key.equals(VARIANT)) {
                    others.append('-').append(slug(key)).append('-').append(value);
                    valuesByBenchmark
                            .computeIfAbsent(benchmark, b -> new LinkedHashMap<>())
                            .computeIfAbsent(key, k -> new ArrayList<>());
                    List<String> values = valuesByBenchmark.get(benchmark).get(key);
                    if (!values.contains(String.valueOf(value))) {
                        values.add(String.valueOf(value));
                    }
                }
            });
            String row = name + "-cost-" + benchmark + others;
            String side = String.valueOf(params.getOrDefault(VARIANT, ""));
            String sideSuffix = side.isEmpty() ? "" : "-" + side;
            measured.put(row + "|" + side, nanos(result));
            if (severalMethods) {
                String rowOfItsClass = name + "-cost-" + number(benchmarkClass) + others + sideSuffix;
                byMethod.computeIfAbsent(rowOfItsClass, k -> new LinkedHashMap<>())
                        .put(method, nanos(result));
            }
            out.append(':')
                    .append(row)
                    .append(sideSuffix)
                    .append(": ")
                    .append(nanosPerOp(result))
                    .append(" ns/op\n");
        }
        for (String key : measured.keySet()) {
            String row = key.substring(0, key.indexOf('|'));
            if (key.endsWith("|fixed") && measured.containsKey(row + "|leaking")) {
                out.append(':')
                        .append(row)
                        .append("-fixed-vs-leaking: ")
                        .append(compare(measured.get(key), measured.get(row + "|leaking")))
                        .append('\n');
            }
        }
        byMethod.forEach((row, methods) -> methods.forEach((method, score) -> methods.forEach((other, otherScore) -> {
            if (!method.equals(other)) {
                out.append(':')
                        .append(row)
                        .append('-')
                        .append(method)
                        .append("-vs-")
                        .append(other)
                        .append(": ")
                        .append(compare(score, otherScore))
                        .append('\n');
            }
        })));
        valuesByBenchmark.forEach((benchmark, params) -> {
            if (params.size() != 1) {
                return;
            }
            Map.Entry<String, List<String>> param = params.entrySet().iterator().next();
            List<String> values = param.getValue().stream()
                    .sorted(CostTable::compareParamValues)
                    .toList();
            String first = values.get(0);
            String last = values.get(values.size() - 1);
            for (String side : VARIANT_ORDER) {
                double[] a = measured.get(
                        name + "-cost-" + benchmark + "-" + slug(param.getKey()) + "-" + last + "|" + side);
                double[] b = measured.get(
                        name + "-cost-" + benchmark + "-" + slug(param.getKey()) + "-" + first + "|" + side);
                if (a != null && b != null && !first.equals(last)) {
                    out.append(':')
                            .append(name)
                            .append("-cost-")
                            .append(benchmark)
                            .append('-')
                            .append(side)
                            .append('-')
                            .append(slug(param.getKey()))
                            .append('-')
                            .append(last)
                            .append("-vs-")
                            .append(first)
                            .append(": ")
                            .append(compare(a, b))
                            .append('\n');
                }
            }
        });
        return out.toString();
    }

    /**
     * How {@code a} compares with {@code b} (score and error, ns/op): "11% slower, beyond both
     * errors", "2.3 times as fast, beyond both errors", or "the same within the errors (3% apart)".
     */
    static String compare(double[] a, double[] b) {
        double percent = (a[0] - b[0]) / b[0] * 100;
        boolean beyondErrors = !Double.isNaN(a[1]) && !Double.isNaN(b[1]) && Math.abs(a[0] - b[0]) > a[1] + b[1];
        String amount = String.format(Locale.ROOT, "%.0f%%", Math.abs(percent));
        if (!beyondErrors) {
            return "the same within the errors (" + amount + " apart)";
        }
        if (percent >= 100) {
            return String.format(Locale.ROOT, "%.1f times as slow, beyond both errors", a[0] / b[0]);
        }
        if (percent <= -50) {
            return String.format(Locale.ROOT, "%.1f times as fast, beyond both errors", b[0] / a[0]);
        }
        return amount + (percent > 0 ? " slower" : " faster") + ", beyond both errors";
    }

    /** Score and error in ns/op. */
    private static double[] nanos(Map<String, Object> result) {
        Map<String, Object> primary = object(result, "primaryMetric");
        double toNanos = switch (string(primary, "scoreUnit")) {
            case "us/op" -> 1e3;
            case "ms/op" -> 1e6;
            case "s/op" -> 1e9;
            default -> 1;
        };
        return new double[] {number(primary.get("score")) * toNanos, number(primary.get("scoreError")) * toNanos};
    }

    /** {@code TimerCost_02_QueuedHeartbeats} is {@code 02}. */
    private static String number(String benchmarkClass) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("_(\\d+)_").matcher(benchmarkClass);
        return m.find() ? m.group(1) : benchmarkClass.toLowerCase(Locale.ROOT);
    }

    /** {@code closedBefore} is {@code closed-before}. */
    private static String slug(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /**
     * The AsciiDoc table for the JMH results in {@code json}.
     *
     * @param source how the table names its source file in its first comment line
     */
    public static String render(String json, String source) {
        List<Map<String, Object>> results = results(json, source);
        List<String> paramColumns = paramColumns(results);

        StringBuilder out = new StringBuilder();
        out.append("// Generated from benchmarks/")
                .append(source)
                .append(" by leaklab.benchmarks.report.CostTable. Do not edit: run the benchmarks again.\n");
        out.append('.').append(caption(results)).append('\n');
        StringJoiner cols = new StringJoiner(",");
        cols.add("<3").add("<1");
        paramColumns.forEach(column -> cols.add(">1"));
        cols.add(">2").add(">1");
        out.append("[cols=\"").append(cols).append("\",options=\"header\"]\n");
        out.append("|===\n");
        out.append("|Benchmark |Side");
        for (String column : paramColumns) {
            out.append(" |").append(words(column));
        }
        out.append(" |ns/op ± error |B/op\n");
        for (Map<String, Object> result : sortedForReading(results, paramColumns)) {
            Map<String, Object> params = params(result);
            out.append('\n');
            out.append('|')
                    .append(breakable(shortName(string(result, "benchmark"))))
                    .append('\n');
            out.append('|').append(params.getOrDefault(VARIANT, "")).append('\n');
            for (String column : paramColumns) {
                Object value = params.get(column);
                out.append('|')
                        .append(value == null ? "" : grouped(String.valueOf(value)))
                        .append('\n');
            }
            out.append('|').append(nanosPerOp(result)).append('\n');
            out.append('|').append(bytesPerOp(result)).append('\n');
        }
        out.append("|===\n");
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> results(String json, String source) {
        Object parsed = Json.parse(json);
        if (!(parsed instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException(
                    source + " holds no JMH results (expected a JSON array, " + "as written by -rf json)");
        }
        return (List<Map<String, Object>>) list;
    }

    private static String caption(List<Map<String, Object>> results) {
        Map<String, Object> first = results.get(0);
        StringBuilder caption = new StringBuilder("Measured with JMH ")
                .append(string(first, "jmhVersion"))
                .append(" on JDK ")
                .append(string(first, "jdkVersion"))
                .append(" (")
                .append(string(first, "vmName"))
                .append(")");
        if (first.get("machine") instanceof Map<?, ?> machine) {
            caption.append(", ")
                    .append(machine.get("os"))
                    .append(", ")
                    .append(machine.get("cores"))
                    .append(" cores");
            if (machine.get("cpu") != null) {
                caption.append(" (").append(machine.get("cpu")).append(')');
            }
            if (machine.get("runSeconds") != null) {
                long seconds = (long) number(machine.get("runSeconds"));
                caption.append("; the whole run took ").append(seconds >= 120 ? seconds / 60 + " min" : seconds + " s");
            }
        }
        List<String> heapAndGc = heapAndGcOptions(first);
        if (!heapAndGc.isEmpty()) {
            caption.append(", ").append(String.join(" ", heapAndGc));
        }
        caption.append(". ");
        // Settings per benchmark class, in the file's order; identical settings are said once.
        Map<String, List<String>> classesBySettings = new LinkedHashMap<>();
        for (Map<String, Object> result : results) {
            String benchmarkClass = className(string(result, "benchmark"));
            List<String> classes = classesBySettings.computeIfAbsent(settings(result), key -> new ArrayList<>());
            if (!classes.contains(benchmarkClass)) {
                classes.add(benchmarkClass);
            }
        }
        StringJoiner all = new StringJoiner("; ");
        for (Map.Entry<String, List<String>> entry : classesBySettings.entrySet()) {
            all.add(
                    classesBySettings.size() == 1
                            ? capitalized(entry.getKey())
                            : String.join(", ", entry.getValue()) + ": " + entry.getKey());
        }
        caption.append(all)
                .append(". Error: 99.9% confidence interval. B/op: ")
                .append(
                        results.stream().allMatch(result -> allocationMetric(result) == BODY_ALLOCATION)
                                ? "allocated by the benchmark method itself (" + BodyAllocationProfiler.METRIC + ")."
                                : "gc.alloc.rate.norm (-prof gc).");
        return caption.toString();
    }

    private static String settings(Map<String, Object> result) {
        String mode = string(result, "mode");
        int forks = integer(result, "forks");
        int warmups = integer(result, "warmupIterations");
        int measurements = integer(result, "measurementIterations");
        String settings;
        if (mode.equals("ss")) {
            settings = "single shot, " + warmups + " warm-up" + calls(result, "warmupBatchSize") + " and "
                    + measurements + " measured iterations" + calls(result, "measurementBatchSize");
        } else {
            settings = modeName(mode) + ", " + warmups + " × " + string(result, "warmupTime") + " warm-up and "
                    + measurements + " × " + string(result, "measurementTime") + " measured";
        }
        return settings + ", " + forks + (forks == 1 ? " fork" : " forks");
    }

    // A single-shot iteration calls the benchmark batchSize times (JMH's -bs and -wbs).
    private static String calls(Map<String, Object> result, String batchSize) {
        int calls = result.get(batchSize) == null ? 1 : integer(result, batchSize);
        return calls == 1 ? "" : " (" + calls + " calls each)";
    }

    private static String modeName(String mode) {
        return switch (mode) {
            case "avgt" -> "average time";
            case "sample" -> "sampled time";
            case "thrpt" -> "throughput";
            default -> mode;
        };
    }

    private static List<String> heapAndGcOptions(Map<String, Object> result) {
        List<String> options = new ArrayList<>();
        if (result.get("jvmArgs") instanceof List<?> args) {
            for (Object arg : args) {
                String option = String.valueOf(arg);
                if (option.startsWith("-Xmx") || option.startsWith("-Xms") || option.startsWith("-XX:+Use")) {
                    options.add(option);
                }
            }
        }
        return options;
    }

    private static List<String> paramColumns(List<Map<String, Object>> results) {
        Set<String> columns = new LinkedHashSet<>();
        for (Map<String, Object> result : results) {
            columns.addAll(params(result).keySet());
        }
        columns.remove(VARIANT);
        return new ArrayList<>(columns);
    }

    /** By benchmark (in the file's order), then by the other parameters, then leaking before fixed. */
    private static List<Map<String, Object>> sortedForReading(
            List<Map<String, Object>> results, List<String> paramColumns) {
        List<String> benchmarkOrder = new ArrayList<>();
        for (Map<String, Object> result : results) {
            String benchmark = string(result, "benchmark");
            if (!benchmarkOrder.contains(benchmark)) {
                benchmarkOrder.add(benchmark);
            }
        }
        Comparator<Map<String, Object>> order =
                Comparator.comparingInt(result -> benchmarkOrder.indexOf(string(result, "benchmark")));
        for (String column : paramColumns) {
            order = order.thenComparing(
                    result -> String.valueOf(params(result).getOrDefault(column, "")), CostTable::compareParamValues);
        }
        order = order.thenComparingInt(result -> {
            int index = VARIANT_ORDER.indexOf(String.valueOf(params(result).get(VARIANT)));
            return index < 0 ? VARIANT_ORDER.size() : index;
        });
        List<Map<String, Object>> sorted = new ArrayList<>(results);
        sorted.sort(order);
        return sorted;
    }

    private static int compareParamValues(String a, String b) {
        try {
            return new BigDecimal(a).compareTo(new BigDecimal(b));
        } catch (NumberFormatException notNumbers) {
            return a.compareTo(b);
        }
    }

    private static String nanosPerOp(Map<String, Object> result) {
        Map<String, Object> primary = object(result, "primaryMetric");
        String unit = string(primary, "scoreUnit");
        double toNanos = switch (unit) {
            case "ns/op" -> 1;
            case "us/op" -> 1e3;
            case "ms/op" -> 1e6;
            case "s/op" -> 1e9;
            default ->
                throw new IllegalArgumentException(string(result, "benchmark") + " reports " + unit
                        + "; the cost table needs time per operation (modes avgt, ss or sample)");
        };
        double score = number(primary.get("score")) * toNanos;
        double error = number(primary.get("scoreError")) * toNanos;
        String pattern = score >= 100 ? "%,.0f" : "%,.1f";
        String formattedError = Double.isNaN(error) ? "n/a" : String.format(Locale.ROOT, pattern, error);
        return String.format(Locale.ROOT, pattern, score) + " ± " + formattedError;
    }

    private static String bytesPerOp(Map<String, Object> result) {
        String metric = allocationMetric(result);
        if (metric == null) {
            return "not measured";
        }
        Map<?, ?> figure = (Map<?, ?>) ((Map<?, ?>) result.get("secondaryMetrics")).get(metric);
        return String.format(Locale.ROOT, "%,.0f", number(figure.get("score")));
    }

    /**
     * The allocation figure to print: the benchmark method's own, when it was recorded (see
     * {@link BodyAllocationProfiler} for why), else JMH's {@code gc.alloc.rate.norm}.
     */
    private static String allocationMetric(Map<String, Object> result) {
        if (result.get("secondaryMetrics") instanceof Map<?, ?> secondary) {
            // JMH 1.37 names it gc.alloc.rate.norm; older versions prefixed a middle dot.
            for (String name : List.of(BODY_ALLOCATION, "gc.alloc.rate.norm", "\u00b7gc.alloc.rate.norm")) {
                if (secondary.get(name) instanceof Map<?, ?>) {
                    return name;
                }
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> params(Map<String, Object> result) {
        Object params = result.get("params");
        return params instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> result, String name) {
        if (result.get(name) instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException("JMH result without \"" + name + "\": " + result.get("benchmark"));
    }

    private static String string(Map<String, Object> result, String name) {
        Object value = result.get(name);
        if (value == null) {
            throw new IllegalArgumentException("JMH result without \"" + name + "\": " + result.get("benchmark"));
        }
        return String.valueOf(value);
    }

    private static int integer(Map<String, Object> result, String name) {
        return (int) number(result.get(name));
    }

    private static double number(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.doubleValue();
        }
        if (value instanceof String text) { // JMH writes NaN and infinities as strings
            return Double.parseDouble(text);
        }
        throw new IllegalArgumentException("not a number: " + value);
    }

    /**
     * A benchmark's name in code font, with a zero-width space after each dot and underscore: a
     * narrow column may break it there, never inside a word ({@code TimerCost_01_|OpenAndClose}).
     */
    static String breakable(String name) {
        return "`+" + name.replace("_", "_\u200b").replace(".", ".\u200b") + "+`";
    }

    private static String shortName(String benchmark) {
        String[] parts = benchmark.split("\\.");
        return parts.length < 2 ? benchmark : parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    private static String methodName(String benchmark) {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    private static String className(String benchmark) {
        String[] parts = benchmark.split("\\.");
        return parts.length < 2 ? benchmark : parts[parts.length - 2];
    }

    /** {@code closedBefore} becomes {@code Closed before}. */
    private static String words(String camelCase) {
        return capitalized(camelCase.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT));
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String grouped(String value) {
        try {
            return String.format(Locale.ROOT, "%,d", Long.parseLong(value));
        } catch (NumberFormatException notAnInteger) {
            return value;
        }
    }
}
