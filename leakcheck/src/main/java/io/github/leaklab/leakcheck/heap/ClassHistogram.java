package io.github.leaklab.leakcheck.heap;

import java.util.List;
import java.util.Locale;

/**
 * The classes with the most bytes in a heap dump, as {@code jcmd <pid> GC.class_histogram} lists
 * them for a live process. Sizes are shallow and as the dump records them: fields and array
 * contents, without object headers, which a heap dump does not store (so they read lower than
 * jcmd's).
 *
 * @param rows the classes, most bytes first
 * @param totalInstances every object in the dump
 * @param totalBytes their shallow bytes
 */
public record ClassHistogram(List<Row> rows, long totalInstances, long totalBytes) {

    /** One class: {@code java.lang.String}, {@code byte[]}, {@code Cache$$Lambda} (hidden class names normalised). */
    public record Row(String className, long instances, long shallowBytes) {}

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%5s %12s %12s  %s%n", "rank", "instances", "bytes", "class"));
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            out.append(String.format(
                    Locale.ROOT,
                    "%5d %12d %12s  %s%n",
                    i + 1,
                    row.instances(),
                    Sizes.format(row.shallowBytes()),
                    row.className()));
        }
        out.append(String.format(
                Locale.ROOT,
                "%5s %12d %12s  (all %s)",
                "total",
                totalInstances,
                Sizes.format(totalBytes),
                totalInstances == 1 ? "object" : "objects"));
        return out.toString();
    }
}
