package io.github.leaklab.leakcheck;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Descriptors the JDK opens by itself, lazily, and keeps for the life of the process: never a
 * workload's leak, though a workload's first use of some API is what opens them.
 * <ul>
 *   <li>{@code /dev/random} and {@code /dev/urandom}, opened by the first {@code SecureRandom}
 *       (a first {@code Files.createTempFile} or {@code UUID.randomUUID()} makes one);</li>
 *   <li>files of the JDK itself ({@code lib/modules}, jmods...);</li>
 *   <li>the jars of the class path and module path, which the JDK's class loaders open on the
 *       first class they load from each (Surefire's manifest-only jar lists them in its
 *       {@code Class-Path});</li>
 *   <li>the JFR repository's files, while a recording runs;</li>
 *   <li>what the JVM itself reads under {@code /proc} and {@code /sys/fs/cgroup} (its container
 *       support reads the memory limit around a garbage collection).</li>
 * </ul>
 * A jar opened by a class loader the workload created is not on this list: an unclosed
 * {@code URLClassLoader} does leak its jars.
 */
final class JdkDescriptors {

    private static final String JAVA_HOME = real(System.getProperty("java.home"));
    private static Set<String> classPath;

    private JdkDescriptors() {}

    /** Reads the class path (its jars' manifests) once, ahead of the first check. */
    static void prepare() {
        classPath();
    }

    static boolean isProcessLifetime(String target) {
        if (target.equals("/dev/random") || target.equals("/dev/urandom")) {
            return true;
        }
        if (target.startsWith("/sys/fs/cgroup/") || target.startsWith("/proc/")) {
            return true;
        }
        if (JAVA_HOME != null && target.startsWith(JAVA_HOME + File.separator)) {
            return true;
        }
        String repository = System.getProperty("jdk.jfr.repository");
        if (repository != null && target.startsWith(repository)) {
            return true;
        }
        return classPath().contains(target);
    }

    private static synchronized Set<String> classPath() {
        if (classPath == null) {
            Set<String> entries = new HashSet<>();
            for (String property : new String[] {"java.class.path", "jdk.module.path", "sun.boot.class.path"}) {
                String value = System.getProperty(property);
                if (value == null || value.isEmpty()) {
                    continue;
                }
                for (String entry : value.split(File.pathSeparator)) {
                    add(entries, Path.of(entry), true);
                }
            }
            classPath = entries;
        }
        return classPath;
    }

    private static void add(Set<String> entries, Path entry, boolean followManifest) {
        String real = real(entry.toString());
        if (real == null || !entries.add(real) || !followManifest || !real.endsWith(".jar")) {
            return;
        }
        try (JarFile jar = new JarFile(real)) {
            Manifest manifest = jar.getManifest();
            String listed =
                    manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (listed == null) {
                return;
            }
            Path dir = Path.of(real).getParent();
            for (String item : listed.trim().split("\\s+")) {
                try {
                    URI uri = dir.toUri().resolve(item);
                    add(entries, "file".equals(uri.getScheme()) ? Path.of(uri) : dir.resolve(item), false);
                } catch (RuntimeException notAPath) {
                    // An entry the JDK would not load either.
                }
            }
        } catch (IOException unreadable) {
            // Not a jar we can read: the JDK cannot load from it either.
        }
    }

    private static String real(String path) {
        try {
            return Path.of(path).toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
