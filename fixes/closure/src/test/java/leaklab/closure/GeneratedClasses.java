package leaklab.closure;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

/**
 * What the compiler and the JVM made of a callback, shown the way {@code javap -p} shows a class:
 * its fields, which are what it captures. Two sources, because a lambda has no class file:
 * <ul>
 *   <li>{@link #javap}: the JDK's {@code javap -p}, run on the class file the build compiled (an
 *       inner, anonymous or nested class, or the class whose method holds a lambda's body);</li>
 *   <li>{@link #declaredFields}: the declared fields of a class by reflection, for a lambda's
 *       class, which {@code LambdaMetafactory} defines at run time as a hidden class: what
 *       {@code javap -p} would list if the class had a file.</li>
 * </ul>
 */
final class GeneratedClasses {

    private GeneratedClasses() {}

    /** {@code javap -p} of {@code type}'s class file, as the build compiled it. */
    static String javap(Class<?> type) {
        ToolProvider javap = ToolProvider.findFirst("javap")
                .orElseThrow(() -> new IllegalStateException(
                        "this JVM has no javap (the jdk.jdeps module): run the tests on a JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = javap.run(
                new PrintWriter(out),
                new PrintWriter(err),
                "-p",
                classFile(type).toString());
        if (exit != 0) {
            throw new IllegalStateException("javap -p " + type.getName() + " failed (" + exit + "): " + err);
        }
        return out.toString();
    }

    /** The class file the build compiled for {@code type}, in target/classes or target/test-classes. */
    static Path classFile(Class<?> type) {
        URL file = type.getResource(classFileName(type));
        if (file == null || !file.getProtocol().equals("file")) {
            throw new IllegalStateException(type.getName() + " has no class file in a folder (found " + file + ")");
        }
        try {
            return Path.of(file.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Java release of {@code type}'s class file, from its major version: 61 is Java 17. */
    static int classFileRelease(Class<?> type) {
        try (InputStream in = type.getResourceAsStream(classFileName(type))) {
            if (in == null) {
                throw new IllegalStateException(type.getName() + " has no class file");
            }
            byte[] header = in.readNBytes(8);
            int major = ((header[6] & 0xff) << 8) | (header[7] & 0xff);
            return major - 44;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String classFileName(Class<?> type) {
        return type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class";
    }

    /**
     * A class and its declared instance fields, laid out as {@code javap -p} prints them: for a
     * lambda's hidden class, which has no class file for javap to read.
     */
    static String declaredFields(Class<?> type) {
        StringBuilder out = new StringBuilder();
        int shown = Modifier.PUBLIC | Modifier.FINAL | Modifier.ABSTRACT;
        String modifiers = Modifier.toString(type.getModifiers() & shown);
        out.append(modifiers.isEmpty() ? "" : modifiers + " ").append("class ").append(name(type));
        if (type.getInterfaces().length > 0) {
            out.append(" implements ")
                    .append(Arrays.stream(type.getInterfaces())
                            .map(Class::getName)
                            .collect(Collectors.joining(", ")));
        }
        out.append(" {\n");
        for (Field field : instanceFields(type)) {
            out.append("  ")
                    .append(Modifier.toString(field.getModifiers()))
                    .append(' ')
                    .append(field.getType().getName())
                    .append(' ')
                    .append(field.getName())
                    .append(";\n");
        }
        return out.append("}\n").toString();
    }

    /** The instance fields of {@code type}: what an instance of it holds. */
    static List<Field> instanceFields(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()))
                .toList();
    }

    /** The types of {@code type}'s instance fields, in declaration order. */
    static List<Class<?>> capturedTypes(Class<?> type) {
        return instanceFields(type).stream().<Class<?>>map(Field::getType).toList();
    }

    /**
     * A class's name without the per-run part of a lambda's: {@code ReportRequest$$Lambda$54/0x0000000800c0b448}
     * is {@code ReportRequest$$Lambda}, as leakcheck's paths name it.
     */
    static String name(Class<?> type) {
        return type.getName().replaceAll("\\$\\$Lambda(?:\\$\\d+)?(?:[/+]0x[0-9a-fA-F]+)?", "\\$\\$Lambda");
    }

    /** The lines of javap's output that declare a lambda's body: {@code private void lambda$subscribeToRates$0(..)}. */
    static List<String> lambdaBodies(String javapOutput) {
        return javapOutput
                .lines()
                .filter(line -> line.contains(" lambda$"))
                .map(String::strip)
                .toList();
    }
}
