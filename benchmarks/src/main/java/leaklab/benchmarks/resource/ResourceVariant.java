package leaklab.benchmarks.resource;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URI;
import leaklab.benchmarks.variants.VariantClassLoader;

/**
 * The resource scenario's API ({@code leaklab.resource.Upstream}, {@code Relay} and {@code Reply}),
 * in one variant, the leaking or the fixed one.
 *
 * <p>As {@code TimerVariant} does for the timer, this class looks the calls up once, as method
 * handles on public members only, and hands the variant's objects out as JDK types: an upstream
 * and a relay as {@link AutoCloseable}, a reply as its status. Both variants pay the same
 * indirection, a few nanoseconds a call, next to a request over loopback.
 */
final class ResourceVariant {

    private static final String UPSTREAM = "leaklab.resource.Upstream";
    private static final String SETTINGS = "leaklab.resource.Upstream$Settings";
    private static final String RELAY = "leaklab.resource.Relay";
    private static final String REPLY = "leaklab.resource.Reply";

    private final String name;
    private final MethodHandle defaults; // () -> Object settings
    private final MethodHandle withFailEvery; // (Object settings, int) -> Object settings
    private final MethodHandle start; // (Object settings) -> AutoCloseable upstream
    private final MethodHandle uri; // (AutoCloseable upstream) -> URI
    private final MethodHandle connectionsSeen; // (AutoCloseable upstream) -> long
    private final MethodHandle newRelay; // (URI) -> AutoCloseable relay
    private final MethodHandle forward; // (AutoCloseable relay, String path) -> Object reply
    private final MethodHandle status; // (Object reply) -> int

    private ResourceVariant(String name) {
        this.name = name;
        VariantClassLoader loader = VariantClassLoader.of("resource", name);
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        try {
            Class<?> upstream = loader.variantClass(UPSTREAM);
            Class<?> settings = loader.variantClass(SETTINGS);
            Class<?> relay = loader.variantClass(RELAY);
            Class<?> reply = loader.variantClass(REPLY);
            defaults = lookup.findStatic(settings, "defaults", MethodType.methodType(settings))
                    .asType(MethodType.methodType(Object.class));
            withFailEvery = lookup.findVirtual(settings, "withFailEvery", MethodType.methodType(settings, int.class))
                    .asType(MethodType.methodType(Object.class, Object.class, int.class));
            start = lookup.findStatic(upstream, "start", MethodType.methodType(upstream, settings))
                    .asType(MethodType.methodType(AutoCloseable.class, Object.class));
            uri = lookup.findVirtual(upstream, "uri", MethodType.methodType(URI.class))
                    .asType(MethodType.methodType(URI.class, AutoCloseable.class));
            connectionsSeen = lookup.findVirtual(upstream, "connectionsSeen", MethodType.methodType(long.class))
                    .asType(MethodType.methodType(long.class, AutoCloseable.class));
            newRelay = lookup.findConstructor(relay, MethodType.methodType(void.class, URI.class))
                    .asType(MethodType.methodType(AutoCloseable.class, URI.class));
            forward = lookup.findVirtual(relay, "forward", MethodType.methodType(reply, String.class))
                    .asType(MethodType.methodType(Object.class, AutoCloseable.class, String.class));
            status = lookup.findVirtual(reply, "status", MethodType.methodType(int.class))
                    .asType(MethodType.methodType(int.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "The " + name + " variant of the resource scenario no longer has "
                            + "the API these benchmarks call (Upstream.start(Settings), Settings.defaults(),"
                            + " withFailEvery(int), uri(), connectionsSeen(), Relay(URI), forward(String), Reply.status());"
                            + " adapt ResourceVariant",
                    e);
        }
    }

    /** {@code "leaking"} (scenarios/resource) or {@code "fixed"} (fixes/resource). */
    static ResourceVariant of(String name) {
        return new ResourceVariant(name);
    }

    /** {@code Upstream.start(Settings.defaults().withFailEvery(failEvery))}: 1 fails every request, 0 none. */
    AutoCloseable startUpstream(int failEvery) {
        try {
            Object settings = (Object) withFailEvery.invokeExact((Object) defaults.invokeExact(), failEvery);
            return (AutoCloseable) start.invokeExact(settings);
        } catch (Throwable e) {
            throw VariantClassLoader.rethrown(e);
        }
    }

    URI uri(AutoCloseable upstream) {
        try {
            return (URI) uri.invokeExact(upstream);
        } catch (Throwable e) {
            throw VariantClassLoader.rethrown(e);
        }
    }

    long connectionsSeen(AutoCloseable upstream) {
        try {
            return (long) connectionsSeen.invokeExact(upstream);
        } catch (Throwable e) {
            throw VariantClassLoader.rethrown(e);
        }
    }

    /** {@code new Relay(upstream.uri())}. */
    AutoCloseable newRelay(AutoCloseable upstream) {
        try {
            return (AutoCloseable) newRelay.invokeExact(uri(upstream));
        } catch (Throwable e) {
            throw VariantClassLoader.rethrown(e);
        }
    }

    /** {@code relay.forward(path).status()}. */
    int forward(AutoCloseable relay, String path) {
        try {
            return (int) status.invokeExact((Object) forward.invokeExact(relay, path));
        } catch (Throwable e) {
            throw VariantClassLoader.rethrown(e);
        }
    }

    @Override
    public String toString() {
        return "resource/" + name;
    }
}
