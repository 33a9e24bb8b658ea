package leaklab.book.evidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output of {@code jcmd <pid> VM.native_memory summary}, from a JVM started with
 * {@code -XX:NativeMemoryTracking=summary}: the total, then one block per category, sizes in KB.
 *
 * <pre>
 * Total: reserved=1749416KB, committed=130604KB
 * ...
 * -                    Thread (reserved=469308KB, committed=44432KB)
 *                             (thread #457)
 *                             (stack: reserved=467968KB, committed=43092KB)
 *                             (malloc=806KB #2752) (peak=816KB #2750)
 *                             (arena=534KB #912) (peak=578KB #878)
 * </pre>
 *
 * JDK 21 and later write {@code (threads #457)} and add a peak to the stack line; both are read.
 */
public final class NativeMemorySummary {

    private static final Pattern TOTAL = Pattern.compile("^Total:\\s+reserved=(\\d+)KB,\\s+committed=(\\d+)KB.*$");
    private static final Pattern CATEGORY =
            Pattern.compile("^-\\s+(\\S.*?)\\s+\\(reserved=(\\d+)KB,\\s+committed=(\\d+)KB\\)\\s*$");
    private static final Pattern THREADS = Pattern.compile("^\\s*\\(threads? #(\\d+)\\)\\s*$");
    private static final Pattern STACK =
            Pattern.compile("^\\s*\\(stack: reserved=(\\d+)KB, committed=(\\d+)KB.*\\)\\s*$");

    /**
     * One category.
     *
     * @param name {@code Thread}, {@code Java Heap}...
     * @param lines its lines as printed, the header first, trailing blanks stripped
     */
    public record Category(String name, long reservedKb, long committedKb, List<String> lines) {}

    private final String totalLine;
    private final long totalReservedKb;
    private final long totalCommittedKb;
    private final Map<String, Category> categories;

    private NativeMemorySummary(
            String totalLine, long totalReservedKb, long totalCommittedKb, Map<String, Category> categories) {
        this.totalLine = totalLine;
        this.totalReservedKb = totalReservedKb;
        this.totalCommittedKb = totalCommittedKb;
        this.categories = categories;
    }

    /**
     * Reads the summary out of jcmd's output.
     *
     * @throws IllegalArgumentException if it has no total or no Thread category (native memory
     *         tracking was off: jcmd then says so, and the message quotes it)
     */
    public static NativeMemorySummary parse(String jcmdOutput) {
        String totalLine = null;
        long reserved = 0;
        long committed = 0;
        Map<String, Category> categories = new LinkedHashMap<>();
        String name = null;
        long catReserved = 0;
        long catCommitted = 0;
        List<String> block = null;
        for (String raw : jcmdOutput.split("\\R")) {
            String line = raw.stripTrailing();
            Matcher total = TOTAL.matcher(line);
            Matcher category = CATEGORY.matcher(line);
            if (total.matches()) {
                totalLine = line;
                reserved = Long.parseLong(total.group(1));
                committed = Long.parseLong(total.group(2));
            } else if (category.matches()) {
                if (block != null) {
                    categories.put(name, new Category(name, catReserved, catCommitted, List.copyOf(block)));
                }
                name = category.group(1);
                catReserved = Long.parseLong(category.group(2));
                catCommitted = Long.parseLong(category.group(3));
                block = new ArrayList<>(List.of(line));
            } else if (block != null && line.startsWith(" ") && !line.isBlank()) {
                block.add(line);
            } else if (block != null) {
                categories.put(name, new Category(name, catReserved, catCommitted, List.copyOf(block)));
                block = null;
            }
        }
        if (block != null) {
            categories.put(name, new Category(name, catReserved, catCommitted, List.copyOf(block)));
        }
        if (totalLine == null || !categories.containsKey("Thread")) {
            String[] lines = jcmdOutput.strip().split("\\R", 4);
            throw new IllegalArgumentException("not a VM.native_memory summary with a Thread category (was the JVM"
                    + " started with -XX:NativeMemoryTracking=summary?): "
                    + String.join(" | ", List.of(lines).subList(0, Math.min(3, lines.length))));
        }
        return new NativeMemorySummary(totalLine, reserved, committed, categories);
    }

    public long totalReservedKb() {
        return totalReservedKb;
    }

    public long totalCommittedKb() {
        return totalCommittedKb;
    }

    /** @throws IllegalArgumentException naming the categories there are, if there is no {@code name} */
    public Category category(String name) {
        Category category = categories.get(name);
        if (category == null) {
            throw new IllegalArgumentException("no " + name + " category (there are " + categories.keySet() + ")");
        }
        return category;
    }

    /** The Thread category's count of threads: every thread of the JVM, its own included. */
    public long threads() {
        return threadLine(THREADS, 1, "(thread #N)");
    }

    /** The address space reserved for the threads' stacks. */
    public long threadStackReservedKb() {
        return threadLine(STACK, 1, "(stack: reserved=...)");
    }

    /** The part of the stacks' address space backed by memory, which the process's resident size counts. */
    public long threadStackCommittedKb() {
        return threadLine(STACK, 2, "(stack: ..., committed=...)");
    }

    /**
     * The lines to read, as printed: the total and the Thread category, with a {@code ...} line for
     * the categories left out on either side.
     */
    public String threadExcerpt() {
        StringBuilder out = new StringBuilder(totalLine).append('\n');
        List<String> names = new ArrayList<>(categories.keySet());
        int at = names.indexOf("Thread");
        if (at > 0) {
            out.append("...\n");
        }
        category("Thread").lines().forEach(line -> out.append(line).append('\n'));
        if (at < names.size() - 1) {
            out.append("...\n");
        }
        return out.toString();
    }

    /**
     * The total line and the named categories, as printed, with {@code ...} lines where categories
     * are left out.
     */
    public String excerpt(java.util.Collection<String> shown) {
        StringBuilder out = new StringBuilder(totalLine).append('\n');
        boolean gap = false;
        for (String name : categories.keySet()) {
            if (!shown.contains(name)) {
                gap = true;
                continue;
            }
            if (gap) {
                out.append("...\n");
                gap = false;
            }
            category(name).lines().forEach(line -> out.append(line).append('\n'));
        }
        if (gap) {
            out.append("...\n");
        }
        return out.toString();
    }

    /** Whether the summary has a category of this name ({@code Thread}, {@code Other}, {@code Class}...). */
    public boolean hasCategory(String name) {
        return categories.containsKey(name);
    }

    private long threadLine(Pattern pattern, int group, String what) {
        for (String line : category("Thread").lines()) {
            Matcher m = pattern.matcher(line);
            if (m.matches()) {
                return Long.parseLong(m.group(group));
            }
        }
        throw new IllegalArgumentException("the Thread category has no " + what + " line: "
                + category("Thread").lines());
    }
}
