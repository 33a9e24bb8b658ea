package leaklab.book;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The diff generator")
class DiffGeneratorTest {

    @TempDir
    Path root;

    @Test
    @DisplayName("diffs two folders file by file, leaving out include tags and identical files")
    void diffsFolders() throws IOException {
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
    @DisplayName("refuses identical sources: a fix that changes nothing is a mistake")
    void refusesIdentical() throws IOException {
        write("leak/A.java", "class A {}\n");
        write("fix/A.java", "class A {}\n");

        assertThatThrownBy(() -> DiffGenerator.unifiedDiff(root, "leak", "fix")).hasMessageContaining("identical");
    }

    @Test
    @DisplayName("fails on a missing source file")
    void failsOnMissingFile() throws IOException {
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
