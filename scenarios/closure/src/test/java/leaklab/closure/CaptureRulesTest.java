package leaklab.closure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;
import javax.tools.JavaCompiler;
import org.junit.jupiter.api.Test;

/**
 * When does a callback capture the object it was written in? Not from memory: from the classes
 * the compiler and the JVM made of {@link Request}, the same callback written eleven ways.
 * <ol>
 *   <li>As the build compiled them (with {@code --release 17}): each way's fields, whether two calls
 *       give two objects, and {@code javap -p} of the class files;</li>
 *   <li>the same source compiled again by this JDK's compiler, at every {@code --release} it
 *       supports: whether an inner or anonymous class that never uses its outer instance still
 *       gets a {@code this$0} field depends on the release it is compiled for.</li>
 * </ol>
 */
class CaptureRulesTest {

    /** Each way of writing the callback, and whether it holds the request, as compiled for --release 17. */
    static final Map<String, Boolean> HOLDS_THE_REQUEST_AT_RELEASE_17 = new LinkedHashMap<>();

    static {
        HOLDS_THE_REQUEST_AT_RELEASE_17.put("lambdaReadingAField", true);
        HOLDS_THE_REQUEST_AT_RELEASE_17.put("lambdaCallingAnInstanceMethod", true);
        HOLDS_THE_REQUEST_AT_RELEASE_17.put("methodReferenceOnThis", true);
        HOLDS_THE_REQUEST_AT_RELEASE_17.put("lambdaOverLocalCopies", false);
        HOLDS_THE_REQUEST_AT_RELEASE_17.put("lambdaUsingNothing", false);
        HOLDS_THE_REQUEST_AT_RELEASE_17.put("staticMethodReference", false);
        HOLDS_THE_REQUEST_AT_RELEASE_17.put("anonymousClassReadingAField", true);
        HOLDS_THE_REQUEST_AT_RELEASE_17.put("anonymousClassOverLocalCopies", true); // this$0, unused
        HOLDS_THE_REQUEST_AT_RELEASE_17.put("innerClassReadingAField", true);
        HOLDS_THE_REQUEST_AT_RELEASE_17.put("innerClassUsingNothing", true); // this$0, unused
        HOLDS_THE_REQUEST_AT_RELEASE_17.put("staticNestedClass", false);
    }

    private final Request request = new Request((client, message) -> {});

    @Test
    void what_each_way_of_writing_a_callback_captures() {
        assertThat(GeneratedClasses.classFileRelease(Request.class)).isEqualTo(17);
        StringBuilder table = new StringBuilder();
        StringBuilder classFiles = new StringBuilder();
        for (Map.Entry<String, Boolean> shape : HOLDS_THE_REQUEST_AT_RELEASE_17.entrySet()) {
            Runnable first = callback(shape.getKey());
            Runnable second = callback(shape.getKey());
            Class<?> type = first.getClass();
            String typeName = GeneratedClasses.name(type).replace("leaklab.closure.", "");
            table.append(String.format(
                    Locale.ROOT,
                    "%-31s %s%n    %s%n",
                    shape.getKey(),
                    first == second ? "one " + typeName + " for every call" : "a new " + typeName + " per call",
                    fields(type)));
            if (!type.isHidden()) {
                classFiles
                        .append("$ javap -p -cp target/test-classes '")
                        .append(type.getName())
                        .append("'\n")
                        .append(GeneratedClasses.javap(type))
                        .append('\n');
            }

            boolean holdsTheRequest = GeneratedClasses.capturedTypes(type).contains(Request.class);
            assertThat(holdsTheRequest)
                    .as("%s holds the request", shape.getKey())
                    .isEqualTo(shape.getValue());
            // A lambda that captures nothing is made once, and every call returns that one object.
            assertThat(first == second)
                    .as("%s: one object for every call", shape.getKey())
                    .isEqualTo(type.isHidden()
                            && GeneratedClasses.instanceFields(type).isEmpty());
        }
        System.out.println("What each way of writing the callback makes, and the fields of its class\n"
                + "(the build's classes, compiled for --release 17):\n" + table);
        List<String> bodies = GeneratedClasses.lambdaBodies(GeneratedClasses.javap(Request.class));
        System.out.println("Where the lambdas' bodies went: the lambda$ methods of $ javap -p "
                + Request.class.getName() + "\n(an instance method needs `this`, a static one does not)\n  "
                + String.join("\n  ", bodies) + "\n");
        System.out.println("The class files among them:\n" + classFiles);
    }

    @Test
    void whether_an_outer_instance_nobody_uses_is_kept_depends_on_the_release_compiled_for() throws IOException {
        JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        assertThat(javac)
                .as("the JDK's compiler (run the tests on a JDK, not a JRE)")
                .isNotNull();
        Path source = sourceOf(Request.class);
        // The two classes that never use their outer instance, by their names in the build.
        List<String> unused = List.of(
                callback("anonymousClassOverLocalCopies").getClass().getName(),
                callback("innerClassUsingNothing").getClass().getName());
        int latest = javac.getSourceVersions().stream()
                .mapToInt(SourceVersion::ordinal)
                .max()
                .orElseThrow();

        StringBuilder out = new StringBuilder("This JDK's compiler (javac " + System.getProperty("java.version")
                + ") on " + source.getFileName() + ", at each --release it supports from 17 on:\n"
                + "the fields of the two classes that never use their outer instance\n");
        Path work = Files.createTempDirectory("releases-");
        try {
            for (int release = 17; release <= latest; release++) {
                Path classes = work.resolve(Integer.toString(release));
                compile(javac, source, release, classes);
                out.append("  --release ").append(release).append('\n');
                for (String name : unused) {
                    List<String> fields = fieldNames(javap(classes.resolve(name.replace('.', '/') + ".class")));
                    boolean keepsIt = fields.contains("this$0");
                    out.append(String.format(
                            Locale.ROOT,
                            "    %-22s %-13s (fields: %s)%n",
                            name.replace("leaklab.closure.", ""),
                            keepsIt ? "keeps this$0" : "no this$0",
                            fields.isEmpty() ? "none" : String.join(", ", fields)));
                    if (release == 17) {
                        assertThat(keepsIt)
                                .as("%s compiled for --release 17 keeps this$0", name)
                                .isTrue();
                    }
                }
            }
        } finally {
            deleteTree(work);
        }
        System.out.println(out);
    }

    private Runnable callback(String shape) {
        Map<String, Function<Request, Runnable>> shapes = Map.ofEntries(
                Map.entry("lambdaReadingAField", Request::lambdaReadingAField),
                Map.entry("lambdaCallingAnInstanceMethod", Request::lambdaCallingAnInstanceMethod),
                Map.entry("methodReferenceOnThis", Request::methodReferenceOnThis),
                Map.entry("lambdaOverLocalCopies", Request::lambdaOverLocalCopies),
                Map.entry("lambdaUsingNothing", Request::lambdaUsingNothing),
                Map.entry("staticMethodReference", Request::staticMethodReference),
                Map.entry("anonymousClassReadingAField", Request::anonymousClassReadingAField),
                Map.entry("anonymousClassOverLocalCopies", Request::anonymousClassOverLocalCopies),
                Map.entry("innerClassReadingAField", Request::innerClassReadingAField),
                Map.entry("innerClassUsingNothing", Request::innerClassUsingNothing),
                Map.entry("staticNestedClass", Request::staticNestedClass));
        return shapes.get(shape).apply(request);
    }

    /** "arg$1: Request, arg$2: String", or "(no fields)". */
    private static String fields(Class<?> type) {
        List<String> fields = GeneratedClasses.instanceFields(type).stream()
                .map(f -> f.getName() + ": " + f.getType().getSimpleName())
                .toList();
        return fields.isEmpty() ? "(no fields)" : String.join(", ", fields);
    }

    /** The source file of a test class: src/test/java beside the target/test-classes it was compiled into. */
    private static Path sourceOf(Class<?> type) {
        try {
            Path testClasses = Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path source = testClasses
                    .getParent()
                    .getParent()
                    .resolve("src/test/java")
                    .resolve(type.getName().replace('.', '/') + ".java");
            assertThat(source)
                    .as("the source of %s, beside its module's target/test-classes", type.getName())
                    .isRegularFile();
            return source;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void compile(JavaCompiler javac, Path source, int release, Path classes) throws IOException {
        Files.createDirectories(classes);
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int exit = javac.run(
                null,
                messages,
                messages,
                "--release",
                Integer.toString(release),
                "-proc:none",
                "-implicit:none",
                "-classpath",
                System.getProperty("java.class.path"),
                "-d",
                classes.toString(),
                source.toString());
        assertThat(exit)
                .as(
                        "javac --release %d %s: %s",
                        release, source.getFileName(), messages.toString(StandardCharsets.UTF_8))
                .isZero();
    }

    private static String javap(Path classFile) {
        ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow();
        StringWriter out = new StringWriter();
        int exit = javap.run(new PrintWriter(out), new PrintWriter(out), "-p", classFile.toString());
        assertThat(exit).as("javap -p %s: %s", classFile.getFileName(), out).isZero();
        return out.toString();
    }

    /** The names of the fields javap declares: on the lines that end in a semicolon and have no parameter list. */
    private static List<String> fieldNames(String javap) {
        return javap.lines()
                .map(String::strip)
                .filter(line -> line.endsWith(";") && !line.contains("("))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1, line.length() - 1))
                .toList();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
