package leaklab.benchmarks.slice;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import leaklab.benchmarks.variants.VariantClassLoader;

/**
 * The slice scenario's API ({@code leaklab.slice.MessageIngester}), in one variant, the leaking or
 * the fixed one.
 *
 * <p>As {@code TimerVariant} does for the timer, this class looks the two calls the benchmarks need
 * up once, as method handles on public members only, and hands the ingester out as an
 * {@link Object}: the variants share every class name, so each lives in a class loader of its own
 * (see {@link VariantClassLoader}). Both variants pay the same indirection, a few nanoseconds a
 * call.
 */
final class SliceVariant {

    private static final String INGESTER = "leaklab.slice.MessageIngester";

    private final MethodHandle newIngester; // (int window, Consumer<ByteBuffer> handler) -> Object
    private final MethodHandle ingest; // (Object ingester, ByteBuffer frame) -> boolean

    private SliceVariant(String name) {
        VariantClassLoader loader = VariantClassLoader.of("slice", name);
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        try {
            Class<?> ingester = loader.variantClass(INGESTER);
            newIngester = lookup.findConstructor(ingester, MethodType.methodType(void.class, int.class, Consumer.class))
                    .asType(MethodType.methodType(Object.class, int.class, Consumer.class));
            ingest = lookup.findVirtual(ingester, "ingest", MethodType.methodType(boolean.class, ByteBuffer.class))
                    .asType(MethodType.methodType(boolean.class, Object.class, ByteBuffer.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "The " + name + " variant of the slice scenario no longer has the API"
                            + " these benchmarks call (MessageIngester(int, Consumer), ingest(ByteBuffer)); adapt SliceVariant",
                    e);
        }
    }

    /** {@code "leaking"} (scenarios/slice) or {@code "fixed"} (fixes/slice). */
    static SliceVariant of(String name) {
        return new SliceVariant(name);
    }

    /** {@code new MessageIngester(window, handler)}. */
    Object newIngester(int window, Consumer<ByteBuffer> handler) {
        try {
            return (Object) newIngester.invokeExact(window, handler);
        } catch (Throwable e) {
            throw VariantClassLoader.rethrown(e);
        }
    }

    /** {@code ingester.ingest(frame)}: whether the message was new. */
    boolean ingest(Object ingester, ByteBuffer frame) {
        try {
            return (boolean) ingest.invokeExact(ingester, frame);
        } catch (Throwable e) {
            throw VariantClassLoader.rethrown(e);
        }
    }
}
