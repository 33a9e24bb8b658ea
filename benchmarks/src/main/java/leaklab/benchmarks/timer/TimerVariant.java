package leaklab.benchmarks.timer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import leaklab.benchmarks.variants.VariantClassLoader;

/**
 * The timer scenario's API ({@code leaklab.timer.SessionManager} and {@code Session}), in one
 * variant, the leaking or the fixed one.
 *
 * <p>The benchmarks cannot import {@code leaklab.timer}: the two variants share every class name,
 * so each lives in a class loader of its own (see {@link VariantClassLoader}). This class looks the
 * three calls the benchmarks need up once, as method handles, and hands out managers and sessions
 * as {@link AutoCloseable}, which both variants implement. Both variants pay the same indirection
 * (an invocation of a non-constant method handle, a few nanoseconds), next to operations that take
 * microseconds.
 */
final class TimerVariant {

    private static final String SESSION_MANAGER = "leaklab.timer.SessionManager";
    private static final String SETTINGS = "leaklab.timer.SessionManager$Settings";
    private static final String SESSION = "leaklab.timer.Session";

    private final MethodHandle defaultSettings; // () -> Object
    private final MethodHandle newSettings; // (Duration heartbeat, Duration idle, int bufferBytes) -> Object
    private final MethodHandle newManager; // (Object settings) -> AutoCloseable
    private final MethodHandle open; // (AutoCloseable manager, String userId) -> AutoCloseable
    private final MethodHandle queuedTasks; // (AutoCloseable manager) -> int

    private TimerVariant(String name) {
        VariantClassLoader loader = VariantClassLoader.of("timer", name);
        Class<?> manager = loader.variantClass(SESSION_MANAGER);
        Class<?> settings = loader.variantClass(SETTINGS);
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        try {
            defaultSettings = lookup.findStatic(settings, "defaults", MethodType.methodType(settings))
                    .asType(MethodType.methodType(Object.class));
            newSettings = lookup.findConstructor(
                            settings, MethodType.methodType(void.class, Duration.class, Duration.class, int.class))
                    .asType(MethodType.methodType(Object.class, Duration.class, Duration.class, int.class));
            newManager = lookup.findConstructor(manager, MethodType.methodType(void.class, settings))
                    .asType(MethodType.methodType(AutoCloseable.class, Object.class));
            Class<?> session = loader.variantClass(SESSION);
            open = lookup.findVirtual(manager, "open", MethodType.methodType(session, String.class))
                    .asType(MethodType.methodType(AutoCloseable.class, AutoCloseable.class, String.class));
            queuedTasks = lookup.findVirtual(manager, "queuedTasks", MethodType.methodType(int.class))
                    .asType(MethodType.methodType(int.class, AutoCloseable.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "The " + name + " variant of the timer scenario no longer has "
                            + "the API these benchmarks call (SessionManager(Settings), Settings.defaults(), "
                            + "Settings(Duration, Duration, int), open(String), queuedTasks()); adapt TimerVariant",
                    e);
        }
    }

    /** {@code "leaking"} (scenarios/timer) or {@code "fixed"} (fixes/timer). */
    static TimerVariant of(String name) {
        return new TimerVariant(name);
    }

    /** A new session manager with {@code SessionManager.Settings.defaults()}, as the server runs. */
    AutoCloseable newManager() {
        try {
            return (AutoCloseable) newManager.invokeExact((Object) defaultSettings.invokeExact());
        } catch (Throwable e) {
            throw VariantClassLoader.rethrown(e);
        }
    }

    /**
     * A new session manager.
     *
     * @param idleTimeout {@link Duration#ZERO} opens sessions without the idle timer and its thread
     */
    AutoCloseable newManager(Duration heartbeatInterval, Duration idleTimeout, int outboundBufferBytes) {
        try {
            Object settings = (Object) newSettings.invokeExact(heartbeatInterval, idleTimeout, outboundBufferBytes);
            return (AutoCloseable) newManager.invokeExact(settings);
        } catch (Throwable e) {
            throw VariantClassLoader.rethrown(e);
        }
    }

    /** {@code manager.open(userId)}: the session, to be closed by the caller. */
    AutoCloseable open(AutoCloseable manager, String userId) {
        try {
            return (AutoCloseable) open.invokeExact(manager, userId);
        } catch (Throwable e) {
            throw VariantClassLoader.rethrown(e);
        }
    }

    /** {@code manager.queuedTasks()}: the heartbeat tasks waiting in the manager's executor. */
    int queuedTasks(AutoCloseable manager) {
        try {
            return (int) queuedTasks.invokeExact(manager);
        } catch (Throwable e) {
            throw VariantClassLoader.rethrown(e);
        }
    }
}
