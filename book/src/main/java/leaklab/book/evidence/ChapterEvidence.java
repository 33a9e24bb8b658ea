package leaklab.book.evidence;

import java.io.IOException;
import java.util.concurrent.ExecutorService;

/** What {@link BookEvidence} measures for one chapter: a scenario's, or the diagnosis chapter's. */
interface ChapterEvidence {

    /** The chapter's name, the prefix of its outputs: {@code timer}, {@code diagnosis}. */
    String name();

    /** Whether the last build's outputs are still this chapter's evidence ({@link EvidenceInputs}). */
    boolean upToDate();

    /** Measures the chapter, its JVMs started on {@code runs}, and writes what it includes. */
    void measureAndWrite(ExecutorService runs) throws IOException;
}
