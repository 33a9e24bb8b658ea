package leaklab.book;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The book is rendered again when anything it reads changed (a chapter, code it includes from any
 * module, a generated include), or when a rendered file is gone or was touched; build output
 * elsewhere leaves the render as it is.
 */
class RenderInputsTest {

    @TempDir
    Path root;

    private Path generated;
    private Path html;
    private Path pdf;
    private RenderInputs inputs;

    @BeforeEach
    void a_book_rendered_once() throws IOException {
        write("book/src/docs/asciidoc/index.adoc", "= Leak Lab\n");
        write("scenarios/timer/src/main/java/Sessions.java", "class Sessions {}\n");
        generated = root.resolve("book/target/generated-book-sources");
        write("book/target/generated-book-sources/timer.diff", "- leak\n+ fix\n");
        html = write("book/target/book/index.html", "<html></html>");
        pdf = write("book/target/book/leaklab.pdf", "%PDF");
        inputs = inputs();
        inputs.remember();
    }

    @Test
    void an_unchanged_project_keeps_its_render() throws IOException {
        assertThat(inputs().upToDate()).isTrue();
    }

    @Test
    void build_output_outside_the_generated_includes_keeps_the_render() throws IOException {
        write("scenarios/timer/target/classes/Sessions.class", "cafebabe");
        write("book/target/evidence-work/timer/demo.log", "a run");

        assertThat(inputs().upToDate()).isTrue();
    }

    @Test
    void a_changed_chapter_renders_again() throws IOException {
        write("book/src/docs/asciidoc/index.adoc", "= Leak Lab, second edition\n");

        assertThat(inputs().upToDate()).isFalse();
    }

    @Test
    void a_change_to_code_the_book_includes_renders_again() throws IOException {
        write("scenarios/timer/src/main/java/Sessions.java", "class Sessions { void close() {} }\n");

        assertThat(inputs().upToDate()).isFalse();
    }

    @Test
    void a_new_file_anywhere_in_the_project_renders_again() throws IOException {
        write("exercises/map/src/main/java/Cache.java", "class Cache {}\n");

        assertThat(inputs().upToDate()).isFalse();
    }

    @Test
    void a_generated_include_measured_again_renders_again() throws IOException {
        write("book/target/generated-book-sources/timer.diff", "- leak\n+ a better fix\n");

        assertThat(inputs().upToDate()).isFalse();
    }

    @Test
    void a_rendered_file_deleted_renders_again() throws IOException {
        Files.delete(pdf);

        assertThat(inputs().upToDate()).isFalse();
    }

    @Test
    void a_rendered_file_touched_renders_again() throws IOException {
        Files.setLastModifiedTime(
                html, FileTime.fromMillis(Files.getLastModifiedTime(html).toMillis() + 5_000));

        assertThat(inputs().upToDate()).isFalse();
    }

    @Test
    void a_render_about_to_start_is_no_longer_the_last_ones() throws IOException {
        inputs.forget();

        assertThat(inputs().upToDate()).isFalse();
    }

    private RenderInputs inputs() {
        return new RenderInputs(root, generated, root.resolve("book/target/render/inputs"), List.of(html, pdf));
    }

    private Path write(String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
