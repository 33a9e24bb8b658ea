package leaklab.book;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints where the rendered book landed, on standard output so it shows even under
 * {@code mvn -q}. Fails if a promised file is missing.
 */
public final class BookLocation {

    private BookLocation() {}

    public static void main(String[] args) {
        StringBuilder report = new StringBuilder("Leak Lab book:");
        for (String arg : args) {
            Path file = Path.of(arg).toAbsolutePath().normalize();
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("the book render did not produce " + file);
            }
            report.append(System.lineSeparator()).append("  ").append(file.toUri());
        }
        System.out.println(report);
    }
}
