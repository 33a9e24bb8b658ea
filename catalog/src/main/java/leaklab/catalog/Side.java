package leaklab.catalog;

import java.nio.file.Path;

/**
 * The two sides of a scenario. Both run the same workload; the leaking side is the code as
 * written in production, the fixed side the same code with the fix and nothing else.
 */
public enum Side {
    LEAKING("leaking", "scenarios"),
    FIXED("fixed", "fixes");

    private final String word;
    private final String folder;

    Side(String word, String folder) {
        this.word = word;
        this.folder = folder;
    }

    /** The side's name wherever it appears: artifact ids, book attributes, benchmark parameters. */
    public String word() {
        return word;
    }

    /** The folder of the project root that holds this side's modules: {@code scenarios} or {@code fixes}. */
    public String folder() {
        return folder;
    }

    /** This side's module of a scenario, relative to the project root: {@code fixes/timer}. */
    public Path module(String scenario) {
        return Path.of(folder, scenario);
    }

    @Override
    public String toString() {
        return word;
    }
}
