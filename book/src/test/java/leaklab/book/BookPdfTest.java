package leaklab.book;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.pdfparser.PDFStreamParser;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PDF handout, read as the viewers read it. Evince and Okular draw with poppler, which gives up
 * on a content stream with a malformed operator (a number written {@code 1.0e-05} is read as the
 * operator {@code e-05}, and the rest of the page is lost): every operator of every page, and of
 * the figures drawn on it, must be one of the PDF's own. And a listing must never be cut inside a
 * token: every line of the measured outputs the PDF shows is found whole in its text.
 */
class BookPdfTest {

    /** Every content-stream operator of PDF 1.7 (ISO 32000-1, annex A). */
    private static final Set<String> OPERATORS = Set.of(
            "b", "B", "b*", "B*", "BDC", "BI", "BMC", "BT", "BX", "c", "cm", "CS", "cs", "d", "d0", "d1", "Do", "DP",
            "EI", "EMC", "ET", "EX", "f", "F", "f*", "G", "g", "gs", "h", "i", "ID", "j", "J", "K", "k", "l", "m", "M",
            "MP", "n", "q", "Q", "re", "RG", "rg", "ri", "s", "S", "SC", "sc", "SCN", "scn", "sh", "T*", "Tc", "Td",
            "TD", "Tf", "Tj", "TJ", "TL", "Tm", "Tr", "Ts", "Tw", "Tz", "v", "w", "W", "W*", "y", "'", "\"");
    /** A benchmark as the Cost tables name it: {@code TimerCost_01_OpenAndClose.openAndClose}. */
    private static final Pattern BENCHMARK =
            Pattern.compile("\\b[A-Z][A-Za-z]+Cost_\\d+_[A-Za-z]+(\\.[a-z][A-Za-z]+)?");

    private static final Path PDF = Path.of(System.getProperty("book.pdf"));
    private static final Path EVIDENCE =
            Path.of(System.getProperty("book.generatedDirectory")).resolve("evidence");
    private static PDDocument document;
    private static String text;

    @BeforeAll
    static void open() throws IOException {
        assertThat(PDF)
                .as("the handout, rendered before the tests (book/pom.xml, execution pdf)")
                .isRegularFile();
        document = Loader.loadPDF(PDF.toFile());
        text = new PDFTextStripper().getText(document);
    }

    @AfterAll
    static void close() throws IOException {
        document.close();
    }

    @Test
    void every_operator_of_every_page_and_figure_is_a_pdf_operator() throws IOException {
        List<String> malformed = new ArrayList<>();
        int page = 0;
        for (PDPage each : document.getPages()) {
            page++;
            malformed.addAll(malformedOperators(new PDFStreamParser(each).parse(), "page " + page));
            for (var name : each.getResources().getXObjectNames()) {
                PDXObject figure = each.getResources().getXObject(name);
                if (figure instanceof PDFormXObject form) {
                    malformed.addAll(malformedOperators(
                            new PDFStreamParser(form).parse(), "page " + page + ", figure " + name.getName()));
                }
            }
        }
        assertThat(malformed)
                .as("operators poppler would stop at (the page draws up to them only)")
                .isEmpty();
    }

    @Test
    void every_page_renders() throws IOException {
        PDFRenderer renderer = new PDFRenderer(document);
        for (int page = 0; page < document.getNumberOfPages(); page++) {
            assertThat(renderer.renderImageWithDPI(page, 12))
                    .as("page %d", page + 1)
                    .isNotNull();
        }
    }

    @Test
    void poppler_renders_every_page_without_an_error() throws Exception {
        assumeTrue(
                onPath("pdftoppm"),
                "pdftoppm (poppler-utils) is not installed here; the operator check above"
                        + " finds what makes it fail");
        Path out = Files.createTempDirectory("handout-pages");
        try {
            Process pdftoppm = new ProcessBuilder(
                            "pdftoppm",
                            "-r",
                            "10",
                            "-png",
                            PDF.toString(),
                            out.resolve("page").toString())
                    .redirectErrorStream(true)
                    .start();
            String printed = new String(pdftoppm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(pdftoppm.waitFor(3, TimeUnit.MINUTES)).isTrue();
            assertThat(printed).as("what pdftoppm printed").doesNotContainIgnoringCase("error");
            assertThat(pdftoppm.exitValue()).isZero();
        } finally {
            try (Stream<Path> pages = Files.list(out)) {
                pages.forEach(p -> p.toFile().delete());
            }
            Files.delete(out);
        }
    }

    @Test
    void no_line_of_a_measured_output_is_cut_in_the_handout() throws IOException {
        String flat = text.replaceAll("[ \\t\\u00a0]+", " ");
        List<String> cut = new ArrayList<>();
        for (Path file : includedEvidence()) {
            {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String wanted = line.strip().replaceAll("[ \\t]+", " ");
                    // Only lines the handout shows: a line found in part was shown, and cut.
                    if (wanted.length() >= 40 && !flat.contains(wanted) && flat.contains(wanted.substring(0, 30))) {
                        cut.add(file.getFileName() + ": " + wanted);
                    }
                }
            }
        }
        assertThat(cut)
                .as("lines the PDF broke in two: shorter lines in the -print twins, or %%autofit")
                .isEmpty();
    }

    /** The measured outputs the chapters include, as the PDF includes them: their -print twins. */
    private static List<Path> includedEvidence() throws IOException {
        Path sources = Path.of(System.getProperty("book.sourceDirectory"));
        Pattern include = Pattern.compile("include::\\{evidence-dir}/([\\w.-]+)\\{print-suffix}\\.txt\\[");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> chapters = Files.list(sources)) {
            for (Path chapter : chapters.filter(f -> f.toString().endsWith(".adoc"))
                    .sorted()
                    .toList()) {
                Matcher m = include.matcher(Files.readString(chapter, StandardCharsets.UTF_8));
                while (m.find()) {
                    files.add(EVIDENCE.resolve(m.group(1) + "-print.txt"));
                }
            }
        }
        assertThat(files).as("the chapters include measured outputs").isNotEmpty();
        return files;
    }

    @Test
    void no_benchmark_name_is_split_inside_a_word() {
        List<String> split = new ArrayList<>();
        Matcher whole = BENCHMARK.matcher(text.replace("\u200b", ""));
        // A name the table breaks, it breaks at its dots and underscores: each word stays whole.
        Matcher part =
                Pattern.compile("[A-Za-z]+Cost_\\d+_[A-Za-z]*[a-z]\\n[a-z]").matcher(text);
        while (part.find()) {
            split.add(part.group().replace("\n", "|"));
        }
        assertThat(whole.find())
                .as("the handout's Cost tables name their benchmarks")
                .isTrue();
        assertThat(split).as("benchmark names broken inside a word").isEmpty();
    }

    @Test
    void the_handout_keeps_the_hints_hidden_for_the_workshop_tool_to_reveal_one_at_a_time() throws IOException {
        Path exercises = Path.of(System.getProperty("book.projectRoot")).resolve("exercises");
        String flat = text.replaceAll("\\s+", " ");
        try (Stream<Path> dirs = Files.list(exercises)) {
            for (Path hints : dirs.map(d -> d.resolve("HINTS.adoc"))
                    .filter(Files::isRegularFile)
                    .toList()) {
                String last = Files.readString(hints, StandardCharsets.UTF_8);
                Matcher hint = Pattern.compile("(?s)// tag::hint-3\\[]\\R(.*?)// end::hint-3")
                        .matcher(last);
                assertThat(hint.find()).as("%s has a hint 3", hints).isTrue();
                String words = hint.group(1)
                        .replaceAll("[`*_+]", "")
                        .replaceAll("\\s+", " ")
                        .strip();
                assertThat(flat)
                        .as(
                                "the handout shows %s's last hint",
                                hints.getParent().getFileName())
                        .doesNotContain(words.substring(0, Math.min(60, words.length())));
            }
        }
    }

    private static List<String> malformedOperators(List<Object> tokens, String where) {
        List<String> malformed = new ArrayList<>();
        for (Object token : tokens) {
            if (token instanceof Operator operator && !OPERATORS.contains(operator.getName())) {
                malformed.add(where + ": " + operator.getName());
            }
        }
        return malformed;
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null
                && Stream.of(path.split(File.pathSeparator)).anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
