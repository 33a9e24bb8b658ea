package leaklab.benchmarks.closure;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import leaklab.benchmarks.variants.VariantClassLoader;

/**
 * The closure scenario's API ({@code leaklab.closure.ReportServer}, {@code Upload} and
 * {@code ReportView}), in one variant, the leaking or the fixed one.
 *
 * <p>As {@code TimerVariant} does for the timer, this class looks the calls up once, as method
 * handles on public members only, and hands the variant's objects out as JDK types: a server and a
 * report view as {@link AutoCloseable}, an upload as {@link Object}, and the server's
 * {@code Notifier} made from a method handle that does nothing ({@link MethodHandleProxies}). The
 * two variants have the same public API; what differs is inside {@code open} and {@code close}.
 */
final class ClosureVariant {

    private static final String SERVER = "leaklab.closure.ReportServer";
    private static final String NOTIFIER = "leaklab.closure.Notifier";
    private static final String UPLOAD = "leaklab.closure.Upload";
    private static final String VIEW = "leaklab.closure.ReportView";

    private final String name;
    private final Object nobody; // a Notifier that tells nobody anything
    private final MethodHandle newServer; // (Object notifier) -> AutoCloseable
    private final MethodHandle open; // (AutoCloseable server, String, Object upload) -> AutoCloseable
    private final MethodHandle pendingCallbacks; // (AutoCloseable server) -> int
    private final MethodHandle ofSales; // (String name, int size) -> Object

    private ClosureVariant(String name) {
        this.name = name;
        VariantClassLoader loader = VariantClassLoader.of("closure", name);
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        try {
            Class<?> server = loader.variantClass(SERVER);
            Class<?> notifier = loader.variantClass(NOTIFIER);
            Class<?> upload = loader.variantClass(UPLOAD);
            nobody = MethodHandleProxies.asInterfaceInstance(
                    notifier, MethodHandles.empty(MethodType.methodType(void.class, String.class, String.class)));
            newServer = lookup.findConstructor(server, MethodType.methodType(void.class, notifier))
                    .asType(MethodType.methodType(AutoCloseable.class, Object.class));
            Class<?> view = loader.variantClass(VIEW);
            open = lookup.findVirtual(server, "open", MethodType.methodType(view, String.class, upload))
                    .asType(MethodType.methodType(
                            AutoCloseable.class, AutoCloseable.class, String.class, Object.class));
            pendingCallbacks = lookup.findVirtual(server, "pendingCallbacks", MethodType.methodType(int.class))
                    .asType(MethodType.methodType(int.class, AutoCloseable.class));
            ofSales = lookup.findStatic(upload, "ofSales", MethodType.methodType(upload, String.class, int.class))
                    .asType(MethodType.methodType(Object.class, String.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "The " + name + " variant of the closure scenario no longer has the API"
                            + " these benchmarks call (ReportServer(Notifier), open(String, Upload), pendingCallbacks(),"
                            + " Upload.ofSales(String, int)); adapt ClosureVariant",
                    e);
        }
    }

    /** {@code "leaking"} (scenarios/closure) or {@code "fixed"} (fixes/closure). */
    static ClosureVariant of(String name) {
        return new ClosureVariant(name);
    }

    /** A new report server whose notices go nowhere; it starts its rate feed's thread, which close() stops. */
    AutoCloseable newServer() {
        try {
            return (AutoCloseable) newServer.invokeExact(nobody);
        } catch (Throwable e) {
            throw VariantClassLoader.rethrown(e);
        }
    }

    /** {@code Upload.ofSales(name, size)}. */
    Object upload(String uploadName, int size) {
        try {
            return (Object) ofSales.invokeExact(uploadName, size);
        } catch (Throwable e) {
            throw VariantClassLoader.rethrown(e);
        }
    }

    /** {@code server.open(clientId, upload)}: the client's report view, to be closed by the caller. */
    AutoCloseable open(AutoCloseable server, String clientId, Object upload) {
        try {
            return (AutoCloseable) open.invokeExact(server, clientId, upload);
        } catch (Throwable e) {
            throw VariantClassLoader.rethrown(e);
        }
    }

    /** {@code server.pendingCallbacks()}: the callbacks its rate feed holds. */
    int pendingCallbacks(AutoCloseable server) {
        try {
            return (int) pendingCallbacks.invokeExact(server);
        } catch (Throwable e) {
            throw VariantClassLoader.rethrown(e);
        }
    }

    @Override
    public String toString() {
        return "closure/" + name;
    }
}
