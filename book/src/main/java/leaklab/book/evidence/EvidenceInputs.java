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
 * code that measures (this package), the build's poms, the JVM options and the JDK. A build whose
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
            "book/src/main/java");

    private EvidenceInputs() {}

    /** The digest of what the scenario's evidence is measured from, in hexadecimal. */
    static String digest(Scenario scenario, Path projectRoot, EvidenceOptions options, Jdk jdk) {
        List<Path> roots = new ArrayList<>();
        for (Side side : Side.values()) {
            Path module = scenario.module(side);
            roots.add(module.resolve("src"));
            roots.add(module.resolve("pom.xml"));
            roots.add(module.resolve("scenario.properties"));
        }
        SHARED.forEach(shared -> roots.add(projectRoot.resolve(shared)));
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
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The digest stored with the chapter's outputs by the last build that measured it, if any. */
    static Optional<String> stored(Path stamp) {
        try {
            return Files.isRegularFile(stamp)
                    ? Optional.of(Files.readString(stamp).strip())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
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
