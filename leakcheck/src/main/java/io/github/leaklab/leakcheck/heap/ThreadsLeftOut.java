package io.github.leaklab.leakcheck.heap;

import io.github.leaklab.leakcheck.shaded.kotlin.sequences.Sequence;
import io.github.leaklab.leakcheck.shaded.shark.CloseableHeapGraph;
import io.github.leaklab.leakcheck.shaded.shark.GcRoot;
import io.github.leaklab.leakcheck.shaded.shark.GraphContext;
import io.github.leaklab.leakcheck.shaded.shark.HeapField;
import io.github.leaklab.leakcheck.shaded.shark.HeapGraph;
import io.github.leaklab.leakcheck.shaded.shark.HeapObject;
import io.github.leaklab.leakcheck.shaded.shark.IgnoredReferenceMatcher;
import io.github.leaklab.leakcheck.shaded.shark.ReferenceMatcher;
import io.github.leaklab.leakcheck.shaded.shark.ReferencePattern;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A heap graph as it would be if some threads had ended: their thread objects are GC roots no
 * more, and neither is anything on their stacks (local variables, JNI locals, a blocked thread's
 * monitor). Everything else is the dump itself. Shark's path finder reads the roots from here, so
 * an object that only those threads keep alive has no path, and one that something else holds
 * shows that other holder's path.
 *
 * <p>The JDK also records running and waiting threads in the heap: a thread's group (JDK 17), the
 * wait node of a lock or queue it is parked on, the pool worker that runs it. A thread that ended
 * is in none of them, so a view does not follow {@link #RECORDS_OF_RUNNING_THREADS}; that costs
 * no path to the threads it keeps, which are roots of their own.
 *
 * <p>A view: it shares the dump's index and closes nothing.
 */
final class ThreadsLeftOut implements CloseableHeapGraph {

    /** Where the JDK keeps a running or waiting thread, as {@code class#field}. */
    static final List<ReferenceMatcher> RECORDS_OF_RUNNING_THREADS = Stream.of(
                    "java.lang.ThreadGroup#threads",
                    "java.util.concurrent.locks.AbstractQueuedSynchronizer$Node#waiter",
                    "java.util.concurrent.locks.AbstractQueuedLongSynchronizer$Node#waiter",
                    "java.util.concurrent.SynchronousQueue$TransferStack$SNode#waiter",
                    "java.util.concurrent.SynchronousQueue$TransferQueue$QNode#waiter",
                    "java.util.concurrent.LinkedTransferQueue$Node#waiter",
                    "java.util.concurrent.LinkedTransferQueue$DualNode#waiter",
                    "java.util.concurrent.FutureTask#runner",
                    "java.util.concurrent.FutureTask$WaitNode#thread",
                    "java.util.concurrent.CompletableFuture$Signaller#thread",
                    "java.util.concurrent.ThreadPoolExecutor$Worker#thread")
            .map(field -> field.split("#"))
            .<ReferenceMatcher>map(
                    f -> new IgnoredReferenceMatcher(new ReferencePattern.InstanceFieldPattern(f[0], f[1])))
            .toList();

    private final HeapGraph dump;
    private final List<GcRoot> roots;
    private final Set<String> leftOut;
    /** Shark caches what it derives from the roots (the thread objects, their frames) per context. */
    private final GraphContext context = new GraphContext();

    ThreadsLeftOut(HeapGraph dump, Predicate<String> threadName) {
        this.dump = dump;
        Set<Integer> serials = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (GcRoot root : dump.getGcRoots()) {
            if (root instanceof GcRoot.ThreadObject thread && dump.objectExists(thread.getId())) {
                String name = threadName(dump.findObjectById(thread.getId()));
                if (name != null && threadName.test(name)) {
                    serials.add(thread.getThreadSerialNumber());
                    names.add(name);
                }
            }
        }
        List<GcRoot> kept = new ArrayList<>();
        for (GcRoot root : dump.getGcRoots()) {
            if (!serials.contains(threadSerial(root))) {
                kept.add(root);
            }
        }
        this.roots = List.copyOf(kept);
        this.leftOut = Set.copyOf(names);
    }

    /** The names of the threads left out. */
    Set<String> threadNames() {
        return leftOut;
    }

    private static String threadName(HeapObject thread) {
        if (!(thread instanceof HeapObject.HeapInstance instance)) {
            return null;
        }
        HeapField name = instance.get("java.lang.Thread", "name");
        return name == null ? null : name.getValue().readAsJavaString();
    }

    /** The thread a root belongs to, or -1 for a root of no thread (a class, a JNI global...). */
    private static int threadSerial(GcRoot root) {
        if (root instanceof GcRoot.ThreadObject r) {
            return r.getThreadSerialNumber();
        } else if (root instanceof GcRoot.JavaFrame r) {
            return r.getThreadSerialNumber();
        } else if (root instanceof GcRoot.JniLocal r) {
            return r.getThreadSerialNumber();
        } else if (root instanceof GcRoot.NativeStack r) {
            return r.getThreadSerialNumber();
        } else if (root instanceof GcRoot.ThreadBlock r) {
            return r.getThreadSerialNumber();
        }
        return -1;
    }

    @Override
    public List<GcRoot> getGcRoots() {
        return roots;
    }

    @Override
    public GraphContext getContext() {
        return context;
    }

    @Override
    public void close() {
        // The dump's own graph is closed with the dump.
    }

    // Everything else is the dump's.

    @Override
    public int getIdentifierByteSize() {
        return dump.getIdentifierByteSize();
    }

    @Override
    public int getObjectCount() {
        return dump.getObjectCount();
    }

    @Override
    public int getClassCount() {
        return dump.getClassCount();
    }

    @Override
    public int getInstanceCount() {
        return dump.getInstanceCount();
    }

    @Override
    public int getObjectArrayCount() {
        return dump.getObjectArrayCount();
    }

    @Override
    public int getPrimitiveArrayCount() {
        return dump.getPrimitiveArrayCount();
    }

    @Override
    public Sequence<HeapObject> getObjects() {
        return dump.getObjects();
    }

    @Override
    public Sequence<HeapObject.HeapClass> getClasses() {
        return dump.getClasses();
    }

    @Override
    public Sequence<HeapObject.HeapInstance> getInstances() {
        return dump.getInstances();
    }

    @Override
    public Sequence<HeapObject.HeapObjectArray> getObjectArrays() {
        return dump.getObjectArrays();
    }

    @Override
    public Sequence<HeapObject.HeapPrimitiveArray> getPrimitiveArrays() {
        return dump.getPrimitiveArrays();
    }

    @Override
    public HeapObject findObjectById(long objectId) {
        return dump.findObjectById(objectId);
    }

    @Override
    public HeapObject findObjectByIndex(int objectIndex) {
        return dump.findObjectByIndex(objectIndex);
    }

    @Override
    public HeapObject findObjectByIdOrNull(long objectId) {
        return dump.findObjectByIdOrNull(objectId);
    }

    @Override
    public HeapObject.HeapClass findClassByName(String className) {
        return dump.findClassByName(className);
    }

    @Override
    public boolean objectExists(long objectId) {
        return dump.objectExists(objectId);
    }

    @Override
    public int findHeapDumpIndex(long objectId) {
        return dump.findHeapDumpIndex(objectId);
    }

    @Override
    public HeapObject findObjectByHeapDumpIndex(int heapDumpIndex) {
        return dump.findObjectByHeapDumpIndex(heapDumpIndex);
    }
}
