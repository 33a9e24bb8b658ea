package leaklab.book;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import leaklab.catalog.Scenario;
import leaklab.catalog.ScenarioCatalog;
import leaklab.catalog.Side;

/**
 * Writes the unified diff between a leaking scenario file and its fixed twin, so the book shows
 * the fix exactly as {@code diff -u} would, from the sources the build compiled.
 *
 * <p>One diff per scenario, written by {@link BookSources}. Two files give their diff; two folders
 * give the diff of every file that differs between them, in path order, as
 * {@code diff -ru} would (a file on one side only is diffed against an empty file). The book's
 * include tag lines ({@code // tag::x[]}, {@code // end::x[]}) are left out, as they are when the
 * book includes a tagged region. A missing input or an empty diff fails the build.
 */
public final class DiffGenerator {

    private static final Pattern TAG_LINE = Pattern.compile("^\\s*//\\s*(tag|end)::[\\w-]+\\[]\\s*$");
    /** A callout marker at the end of a line ({@code // <1>}): the book explains it next to the included code, not in a diff. */
    private static final Pattern CALLOUT = Pattern.compile("\\s*//\\s*<\\d+>\\s*$");

    private static final int CONTEXT_LINES = 3;

    private DiffGenerator() {}

    /**
     * Writes {@code <name>.diff} into {@code out} for every catalogued scenario: its leaking
     * {@code src/main} against its fixed {@code src/main}, as {@code diff -ru} shows them.
     */
    static void writeAll(ScenarioCatalog catalog, Path out) throws IOException {
        Files.createDirectories(out);
        for (Scenario scenario : catalog.all()) {
            String leaking =
                    Side.LEAKING.module(scenario.name()).resolve("src/main").toString();
            String fixed =
                    Side.FIXED.module(scenario.name()).resolve("src/main").toString();
            Files.writeString(
                    out.resolve(scenario.name() + ".diff"),
                    unifiedDiff(catalog.root(), leaking, fixed),
                    StandardCharsets.UTF_8);
        }
    }

    /**
     * The unified diff of two files, or of two folders, under {@code root}, labelled
     * {@code a/leaking} and {@code b/fixed}.
     */
    static String unifiedDiff(Path root, String leaking, String fixed) throws IOException {
        Path left = root.resolve(leaking);
        Path right = root.resolve(fixed);
        StringBuilder diff = new StringBuilder();
        if (Files.isDirectory(left) && Files.isDirectory(right)) {
            SortedSet<String> files = new TreeSet<>();
            files.addAll(relativeFiles(left));
            files.addAll(relativeFiles(right));
            for (String file : files) {
                diff.append(fileDiff(left.resolve(file), right.resolve(file), join(leaking, file), join(fixed, file)));
            }
        } else {
            requireFile(left);
            requireFile(right);
            diff.append(fileDiff(left, right, leaking, fixed));
        }
        if (diff.length() == 0) {
            throw new IllegalStateException(leaking + " and " + fixed + " are identical: nothing to show");
        }
        return diff.toString();
    }

    private static String fileDiff(Path left, Path right, String leftName, String rightName) throws IOException {
        List<String> original = readWithoutTags(left);
        List<String> revised = readWithoutTags(right);
        Patch<String> patch = DiffUtils.diff(original, revised);
        if (patch.getDeltas().isEmpty()) {
            return "";
        }
        List<String> lines =
                UnifiedDiffUtils.generateUnifiedDiff("a/" + leftName, "b/" + rightName, original, patch, CONTEXT_LINES);
        return String.join("\n", lines) + "\n";
    }

    private static List<String> relativeFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .collect(Collectors.toList());
        }
    }

    private static String join(String dir, String file) {
        return dir.endsWith("/") ? dir + file : dir + "/" + file;
    }

    private static void requireFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("cannot diff " + file + ": no such file");
        }
    }

    /** The file's lines without include tag lines and callout markers; a file that does not exist reads as empty. */
    private static List<String> readWithoutTags(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!TAG_LINE.matcher(line).matches()) {
                kept.add(CALLOUT.matcher(line).replaceFirst(""));
            }
        }
        return kept;
    }
}
