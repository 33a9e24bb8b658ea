package leaklab.book.diagnosis;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import leaklab.book.diagnosis.Resource.Opened;

/**
 * What releases a JDK resource that a program forgets: opened, never closed, dropped. Measured on
 * the JDK that runs it, for the diagnosis chapter's table (the book's evidence runs it in a JVM of
 * its own while the book builds, and renders what it prints). For each of {@link JdkResources}:
 * <ol>
 *   <li>opened and closed once, for whatever the JDK opens on first use and keeps, and once more to
 *       check that closing it releases what it holds (its descriptors, its threads);</li>
 *   <li>opened again and forgotten: the program keeps no reference to it, only a weak one, and a test
 *       of what it holds that does not reach it. Then full collections, one at a time, until each
 *       resource is decided:
 *     <ul>
 *       <li>what it held is released after a collection: by a finalizer if its class (or a
 *           superclass) declares {@code finalize()}, else by the JDK's {@code Cleaner}, the two ways
 *           the JDK releases what a collected object held;</li>
 *       <li>it was collected and what it held stays, {@value #SECONDS_AFTER_COLLECTED} s and 3
 *           collections later: only closing it releases it;</li>
 *       <li>it is never collected in {@value #GCS} collections: something keeps it reachable (for an
 *           executor, its own idle thread), so nothing releases it.</li>
 *     </ul></li>
 * </ol>
 * Each line it prints is one resource, its fields separated by tabs: how it was opened, what it
 * holds, what releases it on purpose, the verdict ({@link Release}), the collections it took, and
 * whether closing it released it ({@code yes}, {@code no}, or empty without a close). Exit code 0;
 * 2 where {@code /proc/self/fd} does not exist (Linux only).
 */
public final class ResourceRelease {

    /** What released a forgotten resource. */
    public enum Release {
        CLEANER,
        FINALIZER,
        CLOSE_ONLY,
        NOTHING
    }

    static final int GCS = 8;
    static final int SECONDS_AFTER_COLLECTED = 2;
    private static final long CLOSE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long ROUND_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private ResourceRelease() {}

    /** One resource's measurement. {@code closeReleases} is {@code null} for a resource with no close. */
    record Result(Resource resource, Release forgotten, int gcs, Boolean closeReleases) {

        String line() {
            return String.join(
                    "\t",
                    resource.opened(),
                    resource.holds(),
                    resource.closedBy(),
                    forgotten.name(),
                    Integer.toString(gcs),
                    closeReleases == null ? "" : closeReleases ? "yes" : "no");
        }
    }

    public static void main(String[] args) throws Exception {
        if (!OpenFiles.supported()) {
            System.err.println(
                    "ResourceRelease: no /proc/self/fd here; it counts descriptors the way Linux lists them");
            System.exit(2);
        }
        try (Workspace workspace = new Workspace()) {
            for (Result result : measure(JdkResources.all(), workspace)) {
                System.out.println(result.line());
            }
        }
        System.out.flush();
        // What was forgotten on purpose includes threads that are not daemons: they end with this JVM.
        System.exit(0);
    }

    static List<Result> measure(List<Resource> resources, Workspace workspace) throws Exception {
        List<Boolean> closeReleases = new ArrayList<>();
        for (Resource resource : resources) {
            if (resource.closable()) {
                Opened first = resource.opener().open(workspace);
                first.closer().close();
                closeReleases.add(closeReleases(resource, workspace));
            } else {
                closeReleases.add(null);
            }
        }
        List<Forgotten> forgotten = new ArrayList<>();
        for (Resource resource : resources) {
            forgotten.add(forget(resource, workspace));
        }
        int gc = 0;
        while (forgotten.stream().anyMatch(f -> f.verdict == null)
                && (gc < GCS || forgotten.stream().anyMatch(f -> f.verdict == null && f.collected))) {
            gc++;
            System.gc();
            long roundEnd = System.nanoTime() + ROUND_NANOS;
            do {
                for (Forgotten f : forgotten) {
                    f.check(gc);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            } while (forgotten.stream().anyMatch(f -> f.verdict == null) && System.nanoTime() - roundEnd < 0);
        }
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            Forgotten f = forgotten.get(i);
            f.finish(gc);
            results.add(new Result(resources.get(i), f.verdict, f.gcs, closeReleases.get(i)));
        }
        return results;
    }

    /** Opens it, closes it, and waits (bounded) for what it holds to be released: no collection involved. */
    private static boolean closeReleases(Resource resource, Workspace workspace) throws Exception {
        Opened opened = resource.opener().open(workspace);
        opened.closer().close();
        long deadline = System.nanoTime() + CLOSE_LIMIT_NANOS;
        while (!opened.released().getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return true;
    }

    /** Opens it and keeps only a weak reference to it: when this returns, nothing of the program holds it. */
    private static Forgotten forget(Resource resource, Workspace workspace) throws Exception {
        Opened opened = resource.opener().open(workspace);
        return new Forgotten(
                new WeakReference<>(opened.owner()),
                opened.released(),
                declaresFinalize(opened.owner().getClass()));
    }

    /** Whether the class or a superclass below {@code Object} declares {@code finalize()}. */
    static boolean declaresFinalize(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                c.getDeclaredMethod("finalize");
                return true;
            } catch (NoSuchMethodException e) {
                // not here: look further up
            }
        }
        return false;
    }

    /** A forgotten resource, until it is decided. */
    private static final class Forgotten {
        private final WeakReference<Object> owner;
        private final BooleanSupplier released;
        private final boolean finalizable;
        private Release verdict;
        private int gcs;
        private boolean collected;
        private long collectedAt;
        private int collectedAtGc;

        Forgotten(WeakReference<Object> owner, BooleanSupplier released, boolean finalizable) {
            this.owner = owner;
            this.released = released;
            this.finalizable = finalizable;
        }

        void check(int gc) {
            if (verdict != null) {
                return;
            }
            if (released.getAsBoolean()) {
                verdict = finalizable ? Release.FINALIZER : Release.CLEANER;
                gcs = gc;
                return;
            }
            if (owner.get() == null) {
                long now = System.nanoTime();
                if (!collected) {
                    collected = true;
                    collectedAt = now;
                    collectedAtGc = gc;
                } else if (now - collectedAt > TimeUnit.SECONDS.toNanos(SECONDS_AFTER_COLLECTED)
                        && gc >= collectedAtGc + 3) {
                    verdict = Release.CLOSE_ONLY;
                    gcs = gc;
                }
            }
        }

        void finish(int gc) {
            if (verdict == null) {
                verdict = owner.get() == null ? Release.CLOSE_ONLY : Release.NOTHING;
                gcs = gc;
            }
        }
    }
}
