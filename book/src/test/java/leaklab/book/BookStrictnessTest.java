package leaklab.book;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.asciidoctor.Asciidoctor;
import org.asciidoctor.Attributes;
import org.asciidoctor.Options;
import org.asciidoctor.SafeMode;
import org.asciidoctor.log.LogRecord;
import org.asciidoctor.log.Severity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Proves that the book's render fails on every kind of broken source, by rendering small
 * documents through the same renderer with the same settings as the book build:
 * the header attributes of {@code _attributes.adoc} (included by each test document, as by
 * {@code index.adoc}), UNSAFE mode, the asciidoctor-diagram extension, the build attributes the
 * pom passes, and the pom's fail severity ({@code book.failIf}).
 *
 * <p>Each broken document differs from {@code broken/clean.adoc} in one line, and the clean one
 * must render without a single message: so each failure is caused by the line that breaks it.
 */
class BookStrictnessTest {

    /** Quiets the renderer's own java.util.logging output: the messages are asserted, not printed. */
    private static final java.util.logging.Logger JUL = java.util.logging.Logger.getLogger("asciidoctor");

    private static Asciidoctor asciidoctor;
    private static final List<LogRecord> records = new ArrayList<>();

    @BeforeAll
    static void startRenderer() {
        JUL.setLevel(java.util.logging.Level.OFF);
        asciidoctor = Asciidoctor.Factory.create();
        asciidoctor.requireLibrary("asciidoctor-diagram");
        asciidoctor.registerLogHandler(records::add);
    }

    @AfterAll
    static void stopRenderer() {
        if (asciidoctor != null) {
            asciidoctor.shutdown();
        }
    }

    @Test
    void renders_the_clean_control_document_without_a_message() {
        List<LogRecord> failing = render("clean.adoc");

        assertThat(failing).as("messages at or above %s", failSeverity()).isEmpty();
    }

    @ParameterizedTest(name = "fails on {0}")
    @CsvSource(delimiter = '|', textBlock = """
            a missing include file    | missing-include.adoc   | include file not found
            a missing include tag     | missing-tag.adoc       | tag 'no-such-tag' not found
            an undefined attribute    | missing-attribute.adoc | missing attribute: no-such-attribute
            a broken cross reference  | broken-xref.adoc       | possible invalid reference: no-such-section
            """)
    void failsOn(String what, String document, String expectedMessage) {
        List<LogRecord> failing = render(document);

        assertThat(failing)
                .as("messages at or above %s when rendering %s", failSeverity(), document)
                .extracting(LogRecord::getMessage)
                .anySatisfy(message -> assertThat(message).contains(expectedMessage));
    }

    /** Renders one test document as the book build would; returns the messages that fail it. */
    private static List<LogRecord> render(String document) {
        Path file = brokenDir().resolve(document);
        records.clear();
        asciidoctor.convert(
                read(file),
                Options.builder()
                        .safe(SafeMode.UNSAFE)
                        .standalone(true)
                        .toFile(false)
                        .baseDir(file.getParent().toFile())
                        .attributes(Attributes.builder()
                                // The same build attributes the pom passes to the plugin.
                                .attribute("project-root", System.getProperty("book.projectRoot"))
                                .attribute("generated-dir", System.getProperty("book.generatedDirectory"))
                                .attribute("book-src", System.getProperty("book.sourceDirectory"))
                                .attribute("diagram-cachedir", System.getProperty("book.diagramCacheDirectory"))
                                .build())
                        .build());
        Severity threshold = failSeverity();
        return records.stream()
                .filter(r -> r.getSeverity().compareTo(threshold) >= 0)
                .collect(Collectors.toList());
    }

    private static Severity failSeverity() {
        return Severity.valueOf(System.getProperty("book.failIf", "INFO"));
    }

    private static Path brokenDir() {
        try {
            return Path.of(BookStrictnessTest.class
                            .getResource("/broken/clean.adoc")
                            .toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
