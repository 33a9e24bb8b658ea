package leaklab.workshop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An exercise's tiered hints, read from its {@code HINTS.adoc}: the text between
 * {@code // tag::hint-N[]} and {@code // end::hint-N[]}, the same tags the book includes. A hint's
 * label is the heading above it ({@code == Hint 2: stronger} gives "stronger").
 */
record Hints(List<Hint> tiers) {

    /** One tier: its number (from 1), its label, its text as written. */
    record Hint(int tier, String label, String text) {}

    private static final Pattern TAG = Pattern.compile(
            "^// tag::hint-(\\d+)\\[\\]\\s*$(.*?)^// end::hint-\\1\\[\\]\\s*$", Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern HEADING = Pattern.compile("^==\\s+Hint\\s+\\d+\\s*:\\s*(.+?)\\s*$", Pattern.MULTILINE);

    static Hints read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the hints in " + file, e);
        }
        List<Hint> tiers = new ArrayList<>();
        Matcher tag = TAG.matcher(text);
        while (tag.find()) {
            int tier = Integer.parseInt(tag.group(1));
            if (tier != tiers.size() + 1) {
                throw new IllegalStateException(file + ": hint-" + tier + " found where hint-" + (tiers.size() + 1)
                        + " was expected; number the hint tags 1, 2, 3... in order");
            }
            tiers.add(
                    new Hint(tier, labelBefore(text, tag.start()), tag.group(2).strip()));
        }
        return new Hints(List.copyOf(tiers));
    }

    private static String labelBefore(String text, int position) {
        Matcher heading = HEADING.matcher(text.substring(0, position));
        String label = "";
        while (heading.find()) {
            label = heading.group(1);
        }
        return label;
    }

    int count() {
        return tiers.size();
    }

    Hint tier(int tier) {
        return tiers.get(tier - 1);
    }
}
