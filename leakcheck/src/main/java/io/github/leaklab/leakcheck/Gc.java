package io.github.leaklab.leakcheck;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/**
 * Asks for a full garbage collection in a way that works under {@code -XX:+DisableExplicitGC}
 * too: there {@code System.gc()} does nothing, so the request goes through the diagnostic command
 * {@code GC.run} (what {@code jcmd <pid> GC.run} sends), which that flag does not disable.
 */
final class Gc {

    private static final boolean EXPLICIT_GC_DISABLED = explicitGcDisabled();

    private Gc() {}

    /**
     * Readies what {@link #collect()} uses, before a snapshot of descriptors is taken: the platform
     * MBean server opens a socket of its own the first time it is asked for, which no workload
     * should be charged with.
     */
    static void prepare() {
        if (EXPLICIT_GC_DISABLED) {
            ManagementFactory.getPlatformMBeanServer();
        }
    }

    static void collect() {
        if (!EXPLICIT_GC_DISABLED) {
            System.gc();
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer()
                    .invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcRun", null, null);
        } catch (Exception notHotSpot) {
            System.gc(); // no diagnostic commands on this JVM: the best there is
        }
    }

    /**
     * How many collections this JVM has run so far, by all its collectors. A change between two
     * readings means a collection ran in between, and the Cleaner may have closed what it freed.
     */
    static long count() {
        long collections = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections += Math.max(0, collector.getCollectionCount()); // -1: this collector does not count
        }
        return collections;
    }

    static boolean explicitGcDisabled() {
        try {
            var diagnostics = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return Boolean.parseBoolean(
                    diagnostics.getVMOption("DisableExplicitGC").getValue());
        } catch (RuntimeException notHotSpot) {
            return false;
        }
    }
}
