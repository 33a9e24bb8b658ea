package leaklab.benchmarks.variants;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads one variant (the leaking or the fixed build) of one scenario, so that both can run in the
 * same JVM although their classes have exactly the same names.
 *
 * <p>The question this class answers: a benchmark wants {@code leaklab.timer.SessionManager}
 * twice, once as written in {@code scenarios/timer} and once as written in {@code fixes/timer}.
 * One class loader can define a class name only once, so each variant gets a loader of its own.
 *
 * <p>Where the classes come from: the benchmarks build copies each variant's compiled classes into
 * this module as resources, under {@code leaklab-variants/<scenario>/<leaking|fixed>/} (see
 *  {@link EmbedVariants}). Resources are found the
 * same way in {@code target/classes} (tests in the reactor) and inside {@code benchmarks.jar}, so
 * one mechanism serves both.
 *
 * <p>Child first: a class or resource present under the variant's prefix is defined here, from
 * those bytes, even if the parent could also supply that name; everything else (the JDK, JMH,
 * leakcheck) comes from the parent. The benchmark therefore never names a variant's class in its
 * own code: it talks to the variant through JDK types ({@link AutoCloseable}) and method handles
 * looked up once, in {@code @Setup}.
 */
public final class VariantClassLoader extends ClassLoader {

    /** The resource folder, inside this module's output, that holds every embedded variant. */
    public static final String VARIANTS_ROOT = "leaklab-variants/";

    static {
        registerAsParallelCapable();
    }

    // One loader per variant for the life of the JVM: classes loaded and compiled once, whichever
    // benchmark asks. (Within a JMH fork only one trial runs; the cache matters for forks(0).)
    private static final Map<String, VariantClassLoader> LOADERS = new ConcurrentHashMap<>();

    private final String scenario;
    private final String variant;
    private final String prefix;

    private VariantClassLoader(String scenario, String variant, ClassLoader parent) {
        super("variant-" + scenario + "-" + variant, parent);
        this.scenario = scenario;
        this.variant = variant;
        this.prefix = VARIANTS_ROOT + scenario + "/" + variant + "/";
    }

    /**
     * The loader of {@code variant} ({@code "leaking"} or {@code "fixed"}) of {@code scenario} (the
     * module's folder name, for example {@code "timer"}).
     *
     * @throws IllegalStateException if the build did not embed that variant, saying how to build it
     */
    public static VariantClassLoader of(String scenario, String variant) {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(variant, "variant");
        return LOADERS.computeIfAbsent(scenario + "/" + variant, key -> {
            ClassLoader parent = VariantClassLoader.class.getClassLoader();
            VariantClassLoader loader = new VariantClassLoader(scenario, variant, parent);
            if (parent.getResource(loader.prefix) == null) {
                throw new IllegalStateException("No classes embedded for variant '" + variant
                        + "' of scenario '" + scenario + "' (resource folder " + loader.prefix
                        + " is missing). Variants are \"leaking\" and \"fixed\"; build them with: "
                        + "./mvnw package -pl benchmarks");
            }
            return loader;
        });
    }

    /** Loads {@code className} as this variant defines it. */
    public Class<?> variantClass(String className) {
        try {
            Class<?> type = loadClass(className);
            if (type.getClassLoader() != this) {
                throw new IllegalStateException(className + " is not part of variant '" + variant
                        + "' of scenario '" + scenario + "' (it came from " + type.getClassLoader()
                        + "); check the class name and the scenario's package");
            }
            return type;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    className + " not found in variant '" + variant + "' of scenario '" + scenario + "' (looked in "
                            + prefix + ")",
                    e);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null && !name.startsWith("java.")) {
                type = defineFromVariant(name);
            }
            if (type == null) {
                return super.loadClass(name, resolve);
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> type = defineFromVariant(name);
        if (type == null) {
            throw new ClassNotFoundException(name);
        }
        return type;
    }

    private Class<?> defineFromVariant(String name) {
        String path = prefix + name.replace('.', '/') + ".class";
        try (InputStream in = getParent().getResourceAsStream(path)) {
            if (in == null) {
                return null;
            }
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }

    @Override
    protected URL findResource(String name) {
        return getParent().getResource(prefix + name);
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL own = findResource(name);
        return own == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(own));
    }

    /**
     * What a call into a variant threw, for a method handle's {@code catch (Throwable e)}: unchecked
     * exceptions and errors as they are, a checked one wrapped.
     */
    public static RuntimeException rethrown(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e);
    }

    @Override
    public String toString() {
        return "VariantClassLoader[" + scenario + "/" + variant + "]";
    }
}
