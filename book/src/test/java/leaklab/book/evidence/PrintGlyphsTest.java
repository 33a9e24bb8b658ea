package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

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
    void keeps_sharks_tree_with_the_two_glyphs_the_code_font_lacks_replaced_by_ones_of_the_same_width() {
        String print = PrintGlyphs.forPdf(TRACE);

        assertThat(print).contains("│    v TimerThread.queue\n", "└→ leaklab.timer.Session");
        assertThat(print.lines().map(String::length))
                .containsExactlyElementsOf(TRACE.lines().map(String::length).toList());
        assertThatCode(() -> PrintGlyphs.requirePrintable("trace", print)).doesNotThrowAnyException();
    }

    @Test
    void refuses_a_character_the_code_font_cannot_draw_naming_it_and_its_line() {
        assertThatThrownBy(() -> PrintGlyphs.requirePrintable("timer-leak-trace.txt", TRACE))
                .isInstanceOf(EvidenceException.class)
                .hasMessageContaining("timer-leak-trace.txt line 4")
                .hasMessageContaining("U+2193");
    }

    @Test
    void
            wraps_lines_wider_than_the_copy_for_the_page_at_a_space_indents_what_follows_and_leaves_the_others_as_they_are() {
        assertThat(PrintGlyphs.wrap("Look inside from another terminal\n  0s   6   2.4 MiB\n", 20))
                .isEqualTo("Look inside from\n    another terminal\n  0s   6   2.4 MiB\n");
    }

    @Test
    void never_cuts_a_token_of_a_stack_frame_it_breaks_after_a_parenthesis_or_before_a_dot() {
        String frame = "\tat java.util.concurrent.locks.LockSupport.park(java.base@17.0.15/LockSupport.java:252)";

        String wrapped = PrintGlyphs.wrap(frame, 60);

        assertThat(wrapped)
                .isEqualTo("\tat java.util.concurrent.locks.LockSupport.park(\n"
                        + "\t    java.base@17.0.15/LockSupport.java:252)");
        assertThat(wrapped.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(60));
    }
}
