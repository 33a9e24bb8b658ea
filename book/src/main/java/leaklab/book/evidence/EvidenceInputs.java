package leaklab.book.evidence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import leaklab.catalog.Scenario;
import leaklab.catalog.Side;

/**
 * Everything a chapter's evidence is measured from, as one digest: both modules of the scenario
 * (sources, tests, descriptor, pom), the support code they run on (demo, leakcheck, catalog), the
 * code that measures (this package, and the diagnosis chapter's specimens), the build's poms, the JVM options and the JDK. A build whose
 * digest matches the one stored with the chapter's outputs keeps them, as Maven keeps a class file
 * newer than its source: the outputs are what this very code measured, and measuring it again
 * would only take the time. A change to any of those files measures the chapter again; {@code
 * -Devidence.remeasure} does so regardless. A clean build ({@code target/} gone) always measures.
 */
final class EvidenceInputs {

    /** The support modules' folders whose code runs in, or measures, every chapter's runs. */
    private static final List<String> SHARED = List.of(
            "pom.xml",
            "scenarios/pom.xml",
            "demo/src/main",
            "demo/pom.xml",
            "leakcheck/src/main",
            "leakcheck/pom.xml",
            "catalog/src/main",
            "book/src/main/java/leaklab/book/evidence",
            "book/src/main/java/leaklab/book/diagnosis");

    private final String chapter;
    private final String digest;
    private final EvidenceOptions options;

    private EvidenceInputs(String chapter, String digest, EvidenceOptions options) {
        this.chapter = chapter;
        this.digest = digest;
        this.options = options;
    }

    /** What a scenario chapter is measured from: both sides of the scenario, and the shared code. */
    static EvidenceInputs of(Scenario scenario, EvidenceOptions options, Jdk jdk) {
        return of(scenario.name(), List.of(scenario), List.of(), options, jdk);
    }

    /**
     * What a chapter is measured from: both sides of each scenario it runs, the shared code and
     * the project's other files or folders it names ({@code diagnosis/src/main}).
     */
    static EvidenceInputs of(
            String chapter, List<Scenario> scenarios, List<String> more, EvidenceOptions options, Jdk jdk) {
        Path projectRoot = options.projectRoot();
        List<Path> roots = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            for (Side side : Side.values()) {
                Path module = scenario.module(side);
                roots.add(module.resolve("src"));
                roots.add(module.resolve("pom.xml"));
                roots.add(module.resolve("scenario.properties"));
            }
        }
        SHARED.forEach(shared -> roots.add(projectRoot.resolve(shared)));
        more.forEach(other -> roots.add(projectRoot.resolve(other)));
        MessageDigest sha = sha256();
        update(sha, "jdk " + jdk.home() + " " + Runtime.version());
        update(sha, "tests " + options.testJvmOptions() + " demos " + options.demoJvmOptions());
        for (Path root : roots) {
            for (Path file : files(root)) {
                update(sha, projectRoot.relativize(file).toString().replace('\\', '/'));
                try {
                    sha.update(Files.readAllBytes(file));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return new EvidenceInputs(chapter, HexFormat.of().formatHex(sha.digest()), options);
    }

    /** The digest, in hexadecimal. */
    String digest() {
        return digest;
    }

    /**
     * Whether the outputs of the last build that measured the chapter are still its evidence:
     * nothing they were measured from changed since, and its facts, written last, are there.
     */
    boolean upToDate() {
        return !options.remeasure()
                && stored().equals(Optional.of(digest))
                && Files.isRegularFile(options.out().resolve(chapter + "-facts.adoc"));
    }

    /** Before measuring: the outputs about to be replaced are no longer anybody's evidence. */
    void forget() throws IOException {
        Files.deleteIfExists(stamp());
    }

    /** Once the chapter's outputs are complete: they are the evidence of these inputs. */
    void remember() throws IOException {
        Files.createDirectories(options.work());
        Files.writeString(stamp(), digest + "\n");
    }

    private Optional<String> stored() {
        try {
            return Files.isRegularFile(stamp())
                    ? Optional.of(Files.readString(stamp()).strip())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Path stamp() {
        return options.work().resolve(chapter + ".inputs");
    }

    private static List<Path> files(Path root) {
        if (Files.isRegularFile(root)) {
            return List.of(root);
        }
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void update(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
