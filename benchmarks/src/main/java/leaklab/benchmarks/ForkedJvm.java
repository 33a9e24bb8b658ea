package leaklab.benchmarks;

/**
 * The JVM options every benchmark fork runs with, as constants so that {@code @Fork} can name them:
 * the heap in {@code jvmArgs} (the command line's {@code -jvmArgs "-Xms2g -Xmx2g"} replaces it), the
 * module openings in {@code jvmArgsAppend} (needed whatever the heap).
 */
public final class ForkedJvm {

    // leakcheck's teardown stops the threads a leaking variant leaves behind the way their owner
    // should have: a java.util.Timer's thread by cancelling its timer, reached through the JDK's
    // private fields. The build's tests get the same three options from the root pom's argLine.
    public static final String OPEN_JAVA_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    public static final String OPEN_JAVA_UTIL = "--add-opens=java.base/java.util=ALL-UNNAMED";
    public static final String OPEN_JAVA_UTIL_CONCURRENT = "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED";

    // A fixed heap, the same on every machine: the time a GC takes depends on the heap's size, and
    // a JVM sizes its default heap from the machine's memory.
    public static final String HEAP_MIN = "-Xms512m";
    public static final String HEAP_MAX = "-Xmx512m";

    private ForkedJvm() {}
}
