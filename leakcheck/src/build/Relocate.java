import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/**
 * Build step of the leakcheck module, run before its own compile (see leakcheck/pom.xml): copies
 * Shark and what it needs (okio, the Kotlin runtime) into leakcheck's classes, renamed under
 * {@code io.github.leaklab.leakcheck.shaded}, so that leakcheck compiles against the renamed classes
 * and a user's classpath never gets a Shark, okio or Kotlin class of ours. Only the classes Shark
 * reaches are kept. What the Maven Shade Plugin does at {@code package}, done here so that
 * {@code ./mvnw test} already builds, and tests, the classes a user gets.
 *
 * <p>Usage: {@code java -cp asm.jar:asm-commons.jar Relocate.java <classes dir> <root prefix> <jar>...}:
 * every class of a jar whose name starts with a root prefix is kept, with what it references.
 */
public final class Relocate {

    /** The packages renamed, in the JVM's notation. */
    static final List<String> RELOCATED = List.of("shark/", "okio/", "kotlin/");
    static final String TARGET = "io/github/leaklab/leakcheck/shaded/";

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        String rootPrefix = args[1];
        List<Path> jars = List.of(args).subList(2, args.length).stream().map(Path::of).toList();

        Path stamp = out.resolve(TARGET + "RELOCATED.txt");
        String inputs = String.join("\n", jars.stream().map(j -> j.getFileName() + " " + size(j)).toList());
        if (Files.exists(stamp) && Files.readString(stamp).startsWith(inputs + "\n")) {
            return; // up to date: same jars as last time
        }

        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                for (JarEntry entry : java.util.Collections.list(file.entries())) {
                    String name = entry.getName();
                    if (name.endsWith(".class") && !name.contains("module-info") && !name.startsWith("META-INF/")) {
                        try (InputStream in = file.getInputStream(entry)) {
                            classes.put(name.substring(0, name.length() - ".class".length()), in.readAllBytes());
                        }
                    }
                }
            }
        }

        // Rename every class, noting the classes each one names (as a type or a string constant).
        Map<String, byte[]> renamed = new LinkedHashMap<>();
        Map<String, Set<String>> references = new LinkedHashMap<>();
        classes.forEach((name, bytes) -> {
            Set<String> referenced = new TreeSet<>();
            ClassWriter writer = new ClassWriter(0);
            new ClassReader(bytes).accept(new ClassRemapper(writer, new Renamer(referenced)), 0);
            renamed.put(name, writer.toByteArray());
            references.put(name, referenced);
        });

        // Keep what the roots reach.
        Set<String> kept = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>();
        classes.keySet().stream().filter(n -> n.startsWith(rootPrefix)).forEach(todo::add);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (kept.add(name)) {
                references.get(name).stream().filter(classes::containsKey).forEach(todo::add);
            }
        }

        for (String name : kept) {
            Path file = out.resolve(TARGET + name + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, renamed.get(name));
        }
        Files.writeString(stamp, inputs + "\n\n" + kept.size() + " of " + classes.size()
                + " classes kept, renamed under " + TARGET.replace('/', '.') + "\n");
        System.out.println("Relocated " + kept.size() + " of " + classes.size() + " classes (Shark, okio, Kotlin) under "
                + TARGET.replace('/', '.'));
    }

    /** Renames the relocated packages, in type names and in string constants that name a class. */
    static final class Renamer extends Remapper {
        private final Set<String> seen;

        Renamer(Set<String> seen) {
            this.seen = seen;
        }

        @Override
        public String map(String internalName) {
            if (seen != null) {
                seen.add(internalName);
            }
            for (String prefix : RELOCATED) {
                if (internalName.startsWith(prefix)) {
                    return TARGET + internalName;
                }
            }
            return internalName;
        }

        @Override
        public Object mapValue(Object value) {
            // Class.forName("kotlin.internal...") and the like: renamed too, as the Shade plugin does.
            if (value instanceof String text && !text.isEmpty() && text.indexOf(' ') < 0) {
                for (String prefix : RELOCATED) {
                    String dotted = prefix.replace('/', '.');
                    if (text.startsWith(dotted)) {
                        map(text.replace('.', '/'));
                        return TARGET.replace('/', '.') + text;
                    }
                    if (text.startsWith(prefix)) {
                        map(text);
                        return TARGET + text;
                    }
                }
            }
            return super.mapValue(value);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
