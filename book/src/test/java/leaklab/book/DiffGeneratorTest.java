package leaklab.book;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffGeneratorTest {

    @TempDir
    Path root;

    @Test
    void diffs_two_folders_file_by_file_leaving_out_include_tags_and_identical_files() throws IOException {
        write("leak/A.java", "class A {\n    // tag::close[]\n    void close() {\n    }\n    // end::close[]\n}\n");
        write(
                "fix/A.java",
                "class A {\n    // tag::close[]\n    void close() {\n        cancel();\n    }\n    // end::close[]\n}\n");
        write("leak/Same.java", "class Same {}\n");
        write("fix/Same.java", "class Same {}\n");

        String diff = DiffGenerator.unifiedDiff(root, "leak", "fix");

        assertThat(diff).isEqualTo("""
                --- a/leak/A.java
                +++ b/fix/A.java
                @@ -1,4 +1,5 @@
                 class A {
                     void close() {
                +        cancel();
                     }
                 }
                """);
    }

    @Test
    void refuses_identical_sources_a_fix_that_changes_nothing_is_a_mistake() throws IOException {
        write("leak/A.java", "class A {}\n");
        write("fix/A.java", "class A {}\n");

        assertThatThrownBy(() -> DiffGenerator.unifiedDiff(root, "leak", "fix")).hasMessageContaining("identical");
    }

    @Test
    void fails_on_a_missing_source_file() throws IOException {
        write("leak/A.java", "class A {}\n");

        assertThatThrownBy(() -> DiffGenerator.unifiedDiff(root, "leak/A.java", "fix/A.java"))
                .hasMessageContaining("no such file");
    }

    private void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
