package io.github.leaklab.leakcheck;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/** The JVM's and the test framework's own threads: never a workload's leak. */
final class JvmThreads {

    private JvmThreads() {}

    /** Threads that may start at any moment without being anybody's leak. */
    static boolean isInternal(Thread thread) {
        return isInert(thread) || isCommonPoolWorker(thread);
    }

    /**
     * Internal threads that never run a workload's code: the JVM's (Reference Handler, Signal
     * Dispatcher, Attach Listener, JFR...), the JDK's cleaner threads, Surefire's and JUnit's.
     * (The Finalizer and Cleaner run code after a GC; a leak that only they would end is still one.)
     */
    static boolean isInert(Thread thread) {
        ThreadGroup group = thread.getThreadGroup();
        if (group != null && group.getParent() == null) {
            return true; // the "system" thread group: Reference Handler, Finalizer, Signal Dispatcher...
        }
        String name = thread.getName();
        if (name.equals("Reference Handler")
                || name.equals("Finalizer")
                || name.equals("Signal Dispatcher")
                || name.equals("Common-Cleaner")
                || name.equals("Attach Listener")
                || name.equals("Notification Thread")
                || name.equals("process reaper")
                || name.startsWith("JFR ")
                || name.startsWith("RMI ")
                || name.startsWith("JMX ")) {
            return true;
        }
        if (name.equals("junit-jupiter-timeout-watcher") || name.startsWith("surefire-forkedjvm-")) {
            return true; // the test framework's own threads, started lazily by the first test that needs them
        }
        return thread.getClass().getName().equals("jdk.internal.misc.InnocuousThread");
    }

    /** A worker of the ForkJoin common pool: shared by the whole JVM, owned by no test. */
    static boolean isCommonPoolWorker(Thread thread) {
        return thread instanceof ForkJoinWorkerThread worker && worker.getPool() == ForkJoinPool.commonPool();
    }
}
