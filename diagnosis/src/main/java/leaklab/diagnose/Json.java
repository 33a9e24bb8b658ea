package leaklab.diagnose;

import io.github.leaklab.leakcheck.heap.PathGroup;
import io.github.leaklab.leakcheck.heap.Retention;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The diagnosis as data ({@code --json}): the same steps and verdict as the words, as JSON. */
final class Json {

    private Json() {}

    static String of(Diagnosis d, long millisToVerdict) {
        Observations o = d.observations();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("pid", o.pid());
        json.put("mainClass", o.mainClass());
        json.put("vmVersion", o.vmVersion());
        json.put("seconds", o.seconds());
        json.put("millisToVerdict", millisToVerdict);
        Map<String, Object> classify = new LinkedHashMap<>();
        classify.put("heapUsedBytes", o.heapUsed());
        classify.put("collections", o.collections());
        classify.put("openFilesLimit", o.fdLimit());
        json.put("classify", classify);
        Map<String, Object> trends = new LinkedHashMap<>();
        trends.put("liveHeapBytes", trend(o.heap()));
        trends.put("liveThreads", trend(o.threads()));
        trends.put("openFiles", trend(o.fds()));
        trends.put("directBuffers", trend(o.directBuffers()));
        trends.put("loadedClasses", trend(o.classes()));
        json.put("isItALeak", trends);
        json.put(
                "whatGrows",
                d.growth().stream()
                        .map(g -> object(
                                "class",
                                g.className(),
                                "instances",
                                g.instances(),
                                "bytes",
                                g.bytes(),
                                "lastInstances",
                                g.lastInstances(),
                                "application",
                                g.application()))
                        .toList());
        HeapEvidence heap = d.heap();
        json.put(
                "whoHoldsIt",
                object(
                        "dumped",
                        heap.dumped(),
                        "note",
                        heap.note(),
                        "dumpBytes",
                        heap.dumpBytes(),
                        "analysisMillis",
                        heap.analysisMillis(),
                        "suspects",
                        heap.suspects().stream()
                                .map(s -> object(
                                        "class",
                                        s.className(),
                                        "retention",
                                        s.retention() == null ? null : retention(s.retention()),
                                        "withoutThreads",
                                        s.withoutThreads() == null ? null : retention(s.withoutThreads()),
                                        "threadsLeftOut",
                                        s.threadsLeftOut()))
                                .toList()));
        json.put(
                "threads",
                d.threads().stream()
                        .map(t -> object(
                                "pattern",
                                t.pattern(),
                                "prefix",
                                t.prefix(),
                                "first",
                                t.first(),
                                "last",
                                t.last(),
                                "groups",
                                t.groups().stream()
                                        .map(g -> object(
                                                "state",
                                                g.state(),
                                                "waitsIn",
                                                g.waitsIn(),
                                                "applicationFrame",
                                                g.applicationFrame(),
                                                "count",
                                                g.count()))
                                        .toList(),
                                "startedAt",
                                t.startedAt().entrySet().stream()
                                        .map(e -> object("frames", e.getKey(), "count", e.getValue()))
                                        .toList()))
                        .toList());
        json.put(
                "fileDescriptors",
                d.fds().stream()
                        .map(f -> object(
                                "kind",
                                f.kind(),
                                "first",
                                f.first(),
                                "last",
                                f.last(),
                                "groups",
                                f.groups().stream()
                                        .map(g -> object("target", g.target(), "count", g.count()))
                                        .toList()))
                        .toList());
        List<Object> findings = new ArrayList<>();
        for (Finding f : d.findings()) {
            findings.add(finding(f));
        }
        json.put("verdict", finding(d.verdict()));
        json.put("findings", findings);
        return write(json);
    }

    static Map<String, Object> finding(Finding f) {
        return object(
                "kind",
                f.kind().word(),
                "title",
                f.kind().title(),
                "suspect",
                f.suspect(),
                "summary",
                f.summary(),
                "path",
                f.path(),
                "trace",
                f.trace(),
                "nextStep",
                f.kind().nextStep());
    }

    static Map<String, Object> retention(Retention r) {
        return object(
                "what",
                r.what(),
                "found",
                r.found(),
                "retained",
                r.retained(),
                "retainedBytes",
                r.retainedBytes(),
                "groups",
                r.groups().stream().map(Json::group).toList(),
                "shortestPath",
                r.shortestPath());
    }

    private static Map<String, Object> group(PathGroup g) {
        return object("shape", g.shape(), "hops", g.hops(), "count", g.count(), "retainedBytes", g.retainedBytes());
    }

    private static Map<String, Object> trend(Trend t) {
        return object(
                "floors",
                Arrays.stream(t.floors()).boxed().toList(),
                "minimumGrowth",
                t.minimumGrowth(),
                "rising",
                t.rising(),
                "reading",
                t.reading());
    }

    static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, "");
        return out.append('\n').toString();
    }

    private static void write(Object value, StringBuilder out, String indent) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(indent).append("  ");
                string(entry.getKey().toString(), out);
                out.append(": ");
                write(entry.getValue(), out, indent + "  ");
                out.append(++i < map.size() ? ",\n" : "\n");
            }
            out.append(indent).append('}');
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append("[\n");
            for (int i = 0; i < list.size(); i++) {
                out.append(indent).append("  ");
                write(list.get(i), out, indent + "  ");
                out.append(i + 1 < list.size() ? ",\n" : "\n");
            }
            out.append(indent).append(']');
        } else {
            string(value.toString(), out);
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
