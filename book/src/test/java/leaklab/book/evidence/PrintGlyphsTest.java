package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Output for the PDF")
class PrintGlyphsTest {

    private static final String TRACE = """
            ┬───
            │ GC Root: Thread object
            ├─ java.util.TimerThread instance
            │    ↓ TimerThread.queue
            │                  ~~~~~
            ╰→ leaklab.timer.Session instance
            """;

    @Test
    @DisplayName("keeps Shark's tree, with the two glyphs the code font lacks replaced by ones of the same width")
    void replacesMissingGlyphs() {
        String print = PrintGlyphs.forPdf(TRACE);

        assertThat(print).contains("│    v TimerThread.queue\n", "└→ leaklab.timer.Session");
        assertThat(print.lines().map(String::length))
                .containsExactlyElementsOf(TRACE.lines().map(String::length).toList());
        assertThatCode(() -> PrintGlyphs.requirePrintable("trace", print)).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("refuses a character the code font cannot draw, naming it and its line")
    void refusesUndrawable() {
        assertThatThrownBy(() -> PrintGlyphs.requirePrintable("timer-leak-trace.txt", TRACE))
                .isInstanceOf(EvidenceException.class)
                .hasMessageContaining("timer-leak-trace.txt line 4")
                .hasMessageContaining("U+2193");
    }

    @Test
    @DisplayName(
            "wraps lines wider than the page's copy at a space, indents what follows, and leaves the others as they are")
    void wraps() {
        assertThat(PrintGlyphs.wrap("Look inside from another terminal\n  0s   6   2.4 MiB\n", 20))
                .isEqualTo("Look inside from\n    another terminal\n  0s   6   2.4 MiB\n");
    }

    @Test
    @DisplayName("never cuts a token of a stack frame: it breaks after a parenthesis or before a dot")
    void wrapsStackFrames() {
        String frame = "\tat java.util.concurrent.locks.LockSupport.park(java.base@17.0.15/LockSupport.java:252)";

        String wrapped = PrintGlyphs.wrap(frame, 60);

        assertThat(wrapped)
                .isEqualTo("\tat java.util.concurrent.locks.LockSupport.park(\n"
                        + "\t    java.base@17.0.15/LockSupport.java:252)");
        assertThat(wrapped.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(60));
    }
}
