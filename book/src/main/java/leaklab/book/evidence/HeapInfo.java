package leaklab.book.evidence;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap in use, in bytes, as {@code jcmd <pid> GC.heap_info} prints it: the figure the diagnosis
 * chapter reads right after {@code GC.run}, the live heap. Each collector prints its own layout,
 * all in the same words: G1 one line ({@code garbage-first heap total 106496K, used 33852K}), Serial
 * and Parallel one per generation ({@code def new generation ... used 3503K}, {@code ParOldGen ...
 * used 0K}), ZGC {@code ZHeap used 4M}, Shenandoah {@code 2560K used}. The heap is the sum of those
 * figures; a space's percentage ({@code eden space 17472K, 20% used}) and the metaspace are not.
 */
final class HeapInfo {

    private static final Pattern USED = Pattern.compile("\\bused (\\d+)([KMG])\\b|\\b(\\d+)([KMG]) used\\b");

    private HeapInfo() {}

    /**
     * @throws IllegalArgumentException if the output has no figure of heap in use
     */
    static long usedBytes(String heapInfo) {
        long used = 0;
        boolean found = false;
        for (String line : heapInfo.split("\\R")) {
            if (line.contains("Metaspace") || line.contains("class space")) {
                continue;
            }
            Matcher m = USED.matcher(line);
            if (m.find()) {
                String amount = m.group(1) != null ? m.group(1) : m.group(3);
                String unit = m.group(2) != null ? m.group(2) : m.group(4);
                used += Long.parseLong(amount)
                        << switch (unit) {
                            case "K" -> 10;
                            case "M" -> 20;
                            default -> 30;
                        };
                found = true;
            }
        }
        if (!found) {
            throw new IllegalArgumentException("not a GC.heap_info output (no heap in use in it): "
                    + heapInfo.lines().limit(2).reduce((a, b) -> a + " | " + b).orElse("(empty)"));
        }
        return used;
    }
}
