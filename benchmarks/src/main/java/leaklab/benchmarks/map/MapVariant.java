package leaklab.benchmarks.map;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Instant;
import leaklab.benchmarks.variants.VariantClassLoader;

/**
 * The map scenario's API ({@code leaklab.map.MarketData}, {@code ClientSession},
 * {@code QuoteListener}), in one variant, the leaking or the fixed one.
 *
 * <p>The benchmarks cannot import {@code leaklab.map}: the two variants share every class name, so
 * each lives in a class loader of its own (see {@link VariantClassLoader}), the fixed one with its
 * own copy of Caffeine. This class looks the calls up once, as method handles, and hands hubs and
 * sessions out as {@link Object}. Both variants pay the same indirection, a few nanoseconds.
 */
final class MapVariant {

    private static final String MARKET_DATA = "leaklab.map.MarketData";
    private static final String CLIENT_SESSION = "leaklab.map.ClientSession";
    private static final String QUOTE_LISTENER = "leaklab.map.QuoteListener";
    private static final String CHART = "leaklab.map.Chart";

    private final boolean handles;
    private final Class<?> quoteListener;
    private final MethodHandle newMarket; // () -> Object
    private final MethodHandle connect; // (Object market, String clientId, String contract) -> Object
    private final MethodHandle requestChart; // (Object session, Instant until) -> Object
    private final MethodHandle setAlert; // (Object session, double above) -> void
    private final MethodHandle publish; // (Object market, String topic, double price) -> int
    private final MethodHandle disconnect; // (Object session) -> void
    private final MethodHandle subscribe; // (Object market, String topic, Object listener) -> Object (null when void)
    private final MethodHandle unsubscribe; // (Object market, String topic, Object listener) -> void
    private final MethodHandle topics; // (Object market) -> int

    private MapVariant(String name) {
        VariantClassLoader loader = VariantClassLoader.of("map", name);
        Class<?> market = loader.variantClass(MARKET_DATA);
        Class<?> session = loader.variantClass(CLIENT_SESSION);
        Class<?> chart = loader.variantClass(CHART);
        quoteListener = loader.variantClass(QUOTE_LISTENER);
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        try {
            newMarket = lookup.findConstructor(market, MethodType.methodType(void.class))
                    .asType(MethodType.methodType(Object.class));
            connect = lookup.findStatic(
                            session, "connect", MethodType.methodType(session, market, String.class, String.class))
                    .asType(MethodType.methodType(Object.class, Object.class, String.class, String.class));
            requestChart = lookup.findVirtual(session, "requestChart", MethodType.methodType(chart, Instant.class))
                    .asType(MethodType.methodType(Object.class, Object.class, Instant.class));
            setAlert = lookup.findVirtual(session, "setAlert", MethodType.methodType(void.class, double.class))
                    .asType(MethodType.methodType(void.class, Object.class, double.class));
            publish = lookup.findVirtual(
                            market, "publish", MethodType.methodType(int.class, String.class, double.class))
                    .asType(MethodType.methodType(int.class, Object.class, String.class, double.class));
            disconnect = lookup.findVirtual(session, "disconnect", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
            // The leaking subscribe returns nothing; the fixed one returns the Subscription handle.
            MethodHandle subscribeVoid = find(lookup, market, "subscribe", void.class);
            handles = subscribeVoid == null;
            MethodHandle found = handles
                    ? lookup.findVirtual(
                            market,
                            "subscribe",
                            MethodType.methodType(
                                    loader.variantClass("leaklab.map.Subscription"), String.class, quoteListener))
                    : subscribeVoid;
            subscribe = found.asType(found.type()
                    .changeReturnType(handles ? Object.class : void.class)
                    .changeParameterType(0, Object.class)
                    .changeParameterType(2, Object.class));
            unsubscribe = lookup.findVirtual(
                            market, "unsubscribe", MethodType.methodType(void.class, String.class, quoteListener))
                    .asType(MethodType.methodType(void.class, Object.class, String.class, Object.class));
            topics = lookup.findVirtual(market, "topics", MethodType.methodType(int.class))
                    .asType(MethodType.methodType(int.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "The " + name + " variant of the map scenario no longer has the API these"
                            + " benchmarks call (MarketData(), subscribe, unsubscribe, publish, topics(); ClientSession.connect,"
                            + " requestChart, setAlert, disconnect); adapt MapVariant",
                    e);
        }
    }

    private static MethodHandle find(MethodHandles.Lookup lookup, Class<?> market, String method, Class<?> returns)
            throws IllegalAccessException {
        try {
            Class<?> listener = market.getClassLoader().loadClass(QUOTE_LISTENER);
            return lookup.findVirtual(market, method, MethodType.methodType(returns, String.class, listener));
        } catch (NoSuchMethodException | ClassNotFoundException absent) {
            return null;
        }
    }

    /** {@code "leaking"} (scenarios/map) or {@code "fixed"} (fixes/map). */
    static MapVariant of(String name) {
        return new MapVariant(name);
    }

    /** Whether {@link #subscribe} returns a handle to close (the fixed variant). */
    boolean subscribeReturnsAHandle() {
        return handles;
    }

    /** A new hub with the variant's default settings. */
    Object newMarket() {
        try {
            return (Object) newMarket.invokeExact();
        } catch (Throwable e) {
            throw VariantClassLoader.rethrown(e);
        }
    }

    /** A listener of the variant's {@code QuoteListener} type that does nothing but count. */
    Object countingListener(long[] counter) {
        MethodHandle count;
        try {
            count = MethodHandles.lookup()
                    .findStatic(
                            MapVariant.class,
                            "count",
                            MethodType.methodType(void.class, long[].class, String.class, double.class))
                    .bindTo(counter);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return MethodHandleProxies.asInterfaceInstance(quoteListener, count);
    }

    private static void count(long[] counter, String topic, double price) {
        counter[0]++;
    }

    /** One client's visit, the scenario's operation: connect, chart, alert, a price, disconnect. */
    void visit(Object market, String clientId, String contract, Instant now) {
        try {
            Object session = (Object) connect.invokeExact(market, clientId, contract);
            Object chart = (Object) requestChart.invokeExact(session, now);
            setAlert.invokeExact(session, 1_000_000.0);
            int delivered = (int) publish.invokeExact(market, "quotes/" + contract, 100.0);
            disconnect.invokeExact(session);
            if (chart == null || delivered != 1) {
                throw new IllegalStateException(
                        "a visit got no chart or its price went to " + delivered + " listeners");
            }
        } catch (Throwable e) {
            throw VariantClassLoader.rethrown(e);
        }
    }

    /** {@code market.subscribe(topic, listener)}: the fixed variant's handle, or {@code null} for the leaking one. */
    Object subscribe(Object market, String topic, Object listener) {
        try {
            if (handles) {
                return (Object) subscribe.invokeExact(market, topic, listener);
            }
            subscribe.invokeExact(market, topic, listener);
            return null;
        } catch (Throwable e) {
            throw VariantClassLoader.rethrown(e);
        }
    }

    /** Ends a subscription as each variant's client does: closing its handle, or {@code unsubscribe()}. */
    void unsubscribe(Object market, String topic, Object listener, Object handle) {
        try {
            if (handle != null) {
                ((AutoCloseable) handle).close();
            } else {
                unsubscribe.invokeExact(market, topic, listener);
            }
        } catch (Throwable e) {
            throw VariantClassLoader.rethrown(e);
        }
    }

    /** {@code market.topics()}: the topics the registry keeps. */
    int topics(Object market) {
        try {
            return (int) topics.invokeExact(market);
        } catch (Throwable e) {
            throw VariantClassLoader.rethrown(e);
        }
    }
}
