package leaklab.benchmarks.thread;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.Executor;
import leaklab.benchmarks.variants.VariantClassLoader;

/**
 * The thread scenario's API ({@code leaklab.thread.Gateway} and {@code RequestScope}), in one
 * variant, the leaking or the fixed one.
 *
 * <p>As {@code TimerVariant} does for the timer, this class looks the calls up once, as method
 * handles on public members only, and hands the variant's objects out as JDK types: a gateway as
 * {@link AutoCloseable}, a scope as {@link Object}, a release as {@link Runnable}, a backend as a
 * {@code Gateway.Backend} made from a method handle ({@link MethodHandleProxies}). Both variants
 * pay the same indirection, a few nanoseconds a call.
 *
 * <p>The one call whose signature differs: {@code RequestScope.onCancel(Runnable)} returns nothing
 * in the leaking variant and the {@code RequestScope.Release} in the fixed one, a public class that
 * implements {@link Runnable}. {@link #onCancel} hides that difference the way each variant's
 * {@code Gateway.call} uses it (see there).
 */
final class ThreadVariant {

    private static final String GATEWAY = "leaklab.thread.Gateway";
    private static final String SETTINGS = "leaklab.thread.Gateway$Settings";
    private static final String BACKEND = "leaklab.thread.Gateway$Backend";
    private static final String REQUEST_SCOPE = "leaklab.thread.RequestScope";

    private final String name;
    private final Class<?> backendType;
    private final MethodHandle newScope; // (String request, Executor watchers) -> Object
    private final MethodHandle onCancel; // (Object scope, Runnable callback) -> Runnable, null if void
    private final MethodHandle newSettings; // (Duration timeout, int maxInFlight) -> Object
    private final MethodHandle newGateway; // (Object settings, Object backend) -> AutoCloseable
    private final MethodHandle call; // (AutoCloseable gateway, String request) -> String

    private ThreadVariant(String name) {
        this.name = name;
        VariantClassLoader loader = VariantClassLoader.of("thread", name);
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        try {
            Class<?> scope = loader.variantClass(REQUEST_SCOPE);
            newScope = lookup.findConstructor(scope, MethodType.methodType(void.class, String.class, Executor.class))
                    .asType(MethodType.methodType(Object.class, String.class, Executor.class));
            // onCancel's return type is the one difference between the variants: void or Release.
            Method onCancelMethod = scope.getMethod("onCancel", Runnable.class);
            onCancel = lookup.unreflect(onCancelMethod)
                    .asType(MethodType.methodType(Runnable.class, Object.class, Runnable.class)); // void -> null

            Class<?> gateway = loader.variantClass(GATEWAY);
            Class<?> settings = loader.variantClass(SETTINGS);
            backendType = loader.variantClass(BACKEND);
            newSettings = lookup.findConstructor(settings, MethodType.methodType(void.class, Duration.class, int.class))
                    .asType(MethodType.methodType(Object.class, Duration.class, int.class));
            newGateway = lookup.findConstructor(gateway, MethodType.methodType(void.class, settings, backendType))
                    .asType(MethodType.methodType(AutoCloseable.class, Object.class, Object.class));
            call = lookup.findVirtual(gateway, "call", MethodType.methodType(String.class, String.class))
                    .asType(MethodType.methodType(String.class, AutoCloseable.class, String.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "The " + name + " variant of the thread scenario no longer has "
                            + "the API these benchmarks call (RequestScope(String, Executor), onCancel(Runnable), "
                            + "Gateway(Settings, Backend), Settings(Duration, int), call(String)); adapt ThreadVariant",
                    e);
        }
    }

    /** {@code "leaking"} (scenarios/thread) or {@code "fixed"} (fixes/thread). */
    static ThreadVariant of(String name) {
        return new ThreadVariant(name);
    }

    /** {@code new RequestScope(request, watchers)}. */
    Object newScope(String request, Executor watchers) {
        try {
            return (Object) newScope.invokeExact(request, watchers);
        } catch (Throwable e) {
            throw VariantClassLoader.rethrown(e);
        }
    }

    /**
     * {@code scope.onCancel(callback)}, which hands a watcher to the scope's executor, and returns
     * what the variant's {@code Gateway.call} runs when the request completes: the fixed variant's
     * {@code Release} (the callback once, then the watcher woken), or, in the leaking variant,
     * whose {@code onCancel} returns nothing, the callback itself, run directly
     * ({@code permits.release()}) without telling the watcher.
     */
    Runnable onCancel(Object scope, Runnable callback) {
        Runnable release;
        try {
            release = (Runnable) onCancel.invokeExact(scope, callback);
        } catch (Throwable e) {
            throw VariantClassLoader.rethrown(e);
        }
        return release != null ? release : callback;
    }

    /** A new gateway with the given settings, asking {@code backend} (a {@code String -> String} handle). */
    AutoCloseable newGateway(Duration timeout, int maxInFlight, MethodHandle backend) {
        try {
            Object settings = (Object) newSettings.invokeExact(timeout, maxInFlight);
            Object backendInstance = MethodHandleProxies.asInterfaceInstance(backendType, backend);
            return (AutoCloseable) newGateway.invokeExact(settings, backendInstance);
        } catch (Throwable e) {
            throw VariantClassLoader.rethrown(e);
        }
    }

    /** {@code gateway.call(request)}: the answer; a timeout is an error here (the normal path never times out). */
    String call(AutoCloseable gateway, String request) {
        try {
            return (String) call.invokeExact(gateway, request);
        } catch (Throwable e) {
            throw VariantClassLoader.rethrown(e);
        }
    }

    @Override
    public String toString() {
        return "thread/" + name;
    }
}
