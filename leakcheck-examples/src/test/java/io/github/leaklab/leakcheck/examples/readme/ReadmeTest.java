package io.github.leaklab.leakcheck.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.leaklab.leakcheck.examples.Examples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The leakcheck README shows an annotated test and its failure; both are checked here against
 * what this module compiles and what the extension prints. The failure's figures (milliseconds,
 * thread ids, line numbers) differ from run to run and are compared as "some number".
 * {@code -Dleakcheck.writeReadme=true} rewrites the README's failure with this run's.
 */
class ReadmeTest {

    static final Path README = Path.of("..", "leakcheck", "README.md");
    static final Path EXAMPLE = Path.of(
            "src",
            "test",
            "java",
            "io",
            "github",
            "leaklab",
            "leakcheck",
            "examples",
            "readme",
            "ReportSchedulerTest.java");

    @Test
    void the_readme_shows_the_example_test_as_it_is_compiled() throws IOException {
        String source = Files.readString(EXAMPLE);
        String example = between(source, "// tag::example[]\n", "// end::example[]\n");

        assertThat(between(Files.readString(README), "```java\n", "```\n")).isEqualTo(example);
    }

    @Test
    void the_readme_shows_the_failure_the_extension_prints_for_it() throws IOException {
        String failure = Examples.run(ReportSchedulerTest.class).failure();
        String readme = Files.readString(README);
        String shown = between(readme, "<!-- tag::failure[] -->\n\n", "\n<!-- end::failure[] -->")
                .stripTrailing();
        String printed = failure.indent(4).stripTrailing();

        if (Boolean.getBoolean("leakcheck.writeReadme")) {
            Files.writeString(README, readme.replace(shown, printed));
            shown = printed;
        }
        assertThat(anyNumber(shown))
                .as("the README's failure (rewrite it with -Dleakcheck.writeReadme=true)")
                .isEqualTo(anyNumber(printed));
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        int to = text.indexOf(end, from + start.length());
        assertThat(from).as("marker %s", start.strip()).isNotNegative();
        assertThat(to).as("marker %s", end.strip()).isNotNegative();
        return text.substring(from + start.length(), to);
    }

    /** The text with every number read as N, and without the JDK's own frames (which differ between JDK versions). */
    private static String anyNumber(String text) {
        String withoutJdkFrames = text.lines()
                .filter(line -> !line.matches("\\s+at (java|jdk|sun)\\..*") && !line.matches("\\s+\\.\\.\\. \\d+ more"))
                .reduce("", (all, line) -> all + line + "\n");
        return Pattern.compile("\\d+").matcher(withoutJdkFrames).replaceAll(Matcher.quoteReplacement("N"));
    }
}
