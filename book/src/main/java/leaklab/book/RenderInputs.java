package leaklab.book;

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
import java.util.Set;
import java.util.stream.Stream;

/**
 * Whether the book needs rendering again: the renders (HTML, then PDF) read the book's sources, the
 * code they include by tag from anywhere in the project, the generated includes (chapter list,
 * diffs, evidence) and the poms that pin the renderer. This digests all of it, every file of the
 * project outside {@code target/} and {@code .git/} plus the generated folder, with the JDK that
 * renders. When the digest matches the one stored after the last successful render, and that
 * render's files are still there as it left them, the renders are skipped, as Maven skips
 * compiling a class newer than its source: the files are what this very input rendered.
 *
 * <p>{@code check} runs before the renders and writes {@code book.render.skip=true|false} to a
 * properties file the build reads; {@code remember} runs once both renders succeeded. A failed
 * render never reaches {@code remember}, so the next build renders again. {@code
 * -Dbook.render.force} renders regardless.
 */
public final class RenderInputs {

    /** Folders that hold no input of the book: build output, the repository, IDE settings. */
    private static final Set<String> NOT_INPUTS = Set.of("target", ".git", ".idea", ".vscode");

    private final Path projectRoot;
    private final Path generated;
    private final Path stamp;
    private final List<Path> outputs;

    RenderInputs(Path projectRoot, Path generated, Path stamp, List<Path> outputs) {
        this.projectRoot = projectRoot.toAbsolutePath().normalize();
        this.generated = generated.toAbsolutePath().normalize();
        this.stamp = stamp;
        this.outputs = outputs;
    }

    /**
     * {@code check|remember <project root> <generated folder> <stamp file> <properties file>
     * <force> <output>...}
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 7 || !Set.of("check", "remember").contains(args[0])) {
            throw new IllegalArgumentException("usage: RenderInputs check|remember <project root> <generated folder>"
                    + " <stamp file> <properties file> <force> <output>...");
        }
        List<Path> outputs = new ArrayList<>();
        for (int i = 6; i < args.length; i++) {
            outputs.add(Path.of(args[i]));
        }
        RenderInputs inputs = new RenderInputs(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), outputs);
        Path properties = Path.of(args[4]);
        boolean force = Boolean.parseBoolean(args[5]);
        if (args[0].equals("check")) {
            boolean skip = !force && inputs.upToDate();
            Files.createDirectories(properties.getParent());
            Files.writeString(properties, "book.render.skip=" + skip + "\n");
            if (skip) {
                System.out.println("Book render kept: nothing it is rendered from changed since it was rendered"
                        + " (-Dbook.render.force renders it again).");
            } else {
                inputs.forget();
            }
        } else {
            inputs.remember();
        }
    }

    /** The last render's files are this input's render, untouched since. */
    boolean upToDate() throws IOException {
        return Files.isRegularFile(stamp) && Files.readString(stamp).equals(record());
    }

    /** Before rendering: the files about to be replaced are no longer any input's render. */
    void forget() throws IOException {
        Files.deleteIfExists(stamp);
    }

    /** Once every render succeeded: its files are the render of this input. */
    void remember() throws IOException {
        Files.createDirectories(stamp.toAbsolutePath().getParent());
        Files.writeString(stamp, record());
    }

    /** The inputs' digest, then each output's size and time, so that a touched output renders again. */
    private String record() throws IOException {
        StringBuilder record = new StringBuilder(digest()).append('\n');
        for (Path output : outputs) {
            if (!Files.isRegularFile(output)) {
                return "missing " + output;
            }
            record.append(Files.size(output))
                    .append(' ')
                    .append(Files.getLastModifiedTime(output).toMillis())
                    .append(' ')
                    .append(output.getFileName())
                    .append('\n');
        }
        return record.toString();
    }

    String digest() throws IOException {
        MessageDigest sha = sha256();
        update(sha, "jdk " + System.getProperty("java.home") + " " + Runtime.version());
        for (Path file : files()) {
            update(sha, projectRoot.relativize(file).toString().replace('\\', '/'));
            sha.update(Files.readAllBytes(file));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(projectRoot)) {
            walk.filter(Files::isRegularFile)
                    .filter(file -> projectRoot.relativize(file).getNameCount() > 0)
                    .filter(file -> !inFolderThatIsNoInput(projectRoot.relativize(file)))
                    .forEach(files::add);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (Files.isDirectory(generated)) {
            try (Stream<Path> walk = Files.walk(generated)) {
                walk.filter(Files::isRegularFile).forEach(files::add);
            }
        }
        return files.stream()
                .map(projectRoot::relativize)
                .sorted()
                .map(projectRoot::resolve)
                .toList();
    }

    private static boolean inFolderThatIsNoInput(Path relative) {
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            if (NOT_INPUTS.contains(relative.getName(i).toString())) {
                return true;
            }
        }
        return false;
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
