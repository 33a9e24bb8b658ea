package leaklab.book;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads the rendered single-page HTML and checks that it reads offline: no asset (stylesheet,
 * script, image, font, frame) is fetched over the network, every local asset is there, and the
 * parts that go blank when an asset is missing (icons, highlighting, diagrams, TOC) rendered.
 * Plain hyperlinks to outside documentation are allowed.
 */
class BookHtmlTest {

    /** Element/attribute pairs that make a browser fetch something. {@code <a href>} is not one. */
    private static final String[][] ASSET_ATTRIBUTES = {
        {"link", "href"}, {"script", "src"}, {"img", "src"}, {"img", "srcset"},
        {"iframe", "src"}, {"frame", "src"}, {"embed", "src"}, {"object", "data"},
        {"source", "src"}, {"source", "srcset"}, {"video", "src"}, {"video", "poster"},
        {"audio", "src"}, {"track", "src"}, {"input", "src"}, {"image", "href"},
        {"image", "xlink:href"}, {"use", "href"}, {"use", "xlink:href"},
    };

    private static final Pattern CSS_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern CSS_URL = Pattern.compile("url\\(\\s*['\"]?([^'\")]+)['\"]?\\s*\\)");
    private static final Pattern CSS_IMPORT = Pattern.compile("@import\\s+(?:url\\()?\\s*['\"]?([^'\");\\s]+)");

    private static Path html;
    private static Document page;

    @BeforeAll
    static void readBook() throws IOException {
        html = Path.of(System.getProperty("book.html", "target/book/index.html"));
        assertThat(html).as("the rendered book (rendered before the tests run)").isRegularFile();
        page = Jsoup.parse(html.toFile(), StandardCharsets.UTF_8.name());
    }

    @Test
    void fetches_no_asset_over_the_network() throws IOException {
        List<String> remote = new ArrayList<>();
        for (String ref : assetReferences()) {
            if (isRemote(ref)) {
                remote.add(ref);
            }
        }
        assertThat(remote)
                .as("remote asset references in %s", html.getFileName())
                .isEmpty();
    }

    @Test
    void has_every_local_asset_it_refers_to_beside_it() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String ref : assetReferences()) {
            if (!isRemote(ref) && !ref.startsWith("data:") && !ref.startsWith("#")) {
                // Asset references found in linked stylesheets are already resolved to paths.
                Path file = Path.of(stripQuery(ref));
                if (!file.isAbsolute()) {
                    file = html.resolveSibling(file);
                }
                if (!Files.isRegularFile(file)) {
                    missing.add(ref);
                }
            }
        }
        assertThat(missing)
                .as("local assets missing beside %s", html.getFileName())
                .isEmpty();
    }

    @Test
    void draws_admonition_icons_with_the_local_font_awesome() {
        assertThat(page.select("link[rel=stylesheet]").eachAttr("href"))
                .anySatisfy(href -> assertThat(href).contains("font-awesome"));
        assertThat(page.select("div.admonitionblock td.icon i.fa"))
                .as("admonitions drawn as font icons (not as text labels)")
                .isNotEmpty();
    }

    @Test
    void has_a_left_table_of_contents_numbered_sections_and_highlighted_code() {
        assertThat(page.body().hasClass("toc2") && page.body().hasClass("toc-left"))
                .as("body classes toc2 toc-left")
                .isTrue();
        assertThat(page.select("#toc li")).isNotEmpty();
        assertThat(page.select("h2").eachText()).anySatisfy(h -> assertThat(h).matches("^1\\. .*"));
        assertThat(page.select("pre.rouge.highlight code span"))
                .as("rouge token spans")
                .isNotEmpty();
    }

    @Test
    void embeds_its_diagrams() {
        List<Element> diagrams = page.select("div.imageblock img");
        assertThat(diagrams).isNotEmpty();
        assertThat(diagrams).allSatisfy(img -> assertThat(img.attr("src")).startsWith("data:image/svg+xml;base64,"));
    }

    /** Every asset reference in the page, its inline CSS, and the local stylesheets it links. */
    private static List<String> assetReferences() throws IOException {
        List<String> refs = new ArrayList<>();
        for (String[] pair : ASSET_ATTRIBUTES) {
            for (Element e : page.getElementsByTag(pair[0])) {
                if (e.hasAttr(pair[1])) {
                    String value = e.attr(pair[1]).trim();
                    if (pair[1].equals("srcset")) {
                        for (String candidate : value.split(",")) {
                            refs.add(candidate.trim().split("\\s+")[0]);
                        }
                    } else {
                        refs.add(value);
                    }
                }
            }
        }
        for (Element style : page.getElementsByTag("style")) {
            refs.addAll(cssReferences(style.data()));
        }
        for (Element e : page.getElementsByAttribute("style")) {
            refs.addAll(cssReferences(e.attr("style")));
        }
        for (Element link : page.select("link[rel=stylesheet][href]")) {
            String href = link.attr("href");
            if (!isRemote(href) && !href.startsWith("data:")) {
                Path css = html.resolveSibling(stripQuery(href)).normalize();
                if (Files.isRegularFile(css)) {
                    for (String ref : cssReferences(Files.readString(css, StandardCharsets.UTF_8))) {
                        boolean local = !isRemote(ref) && !ref.startsWith("data:") && !ref.startsWith("#");
                        refs.add(
                                local
                                        ? css.resolveSibling(stripQuery(ref))
                                                .normalize()
                                                .toString()
                                        : ref);
                    }
                }
            }
        }
        return refs;
    }

    private static List<String> cssReferences(String css) {
        String code = CSS_COMMENT.matcher(css).replaceAll("");
        List<String> refs = new ArrayList<>();
        for (Pattern p : new Pattern[] {CSS_URL, CSS_IMPORT}) {
            Matcher m = p.matcher(code);
            while (m.find()) {
                refs.add(m.group(1).trim());
            }
        }
        return refs;
    }

    private static boolean isRemote(String ref) {
        String r = ref.trim().toLowerCase(Locale.ROOT);
        return r.startsWith("http://") || r.startsWith("https://") || r.startsWith("//");
    }

    private static String stripQuery(String ref) {
        int cut = ref.length();
        for (char c : new char[] {'?', '#'}) {
            int i = ref.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return ref.substring(0, cut);
    }
}
