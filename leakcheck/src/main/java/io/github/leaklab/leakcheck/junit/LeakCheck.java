package io.github.leaklab.leakcheck.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test that leaks threads or file descriptors, and stops the threads it leaked so that
 * the next test starts clean. On a test class (every test in it, nested classes too) or on one
 * test method (which then overrides the class's settings).
 *
 * <pre>{@code
 * @LeakCheck
 * class ReportSchedulerTest {
 *     @Test
 *     void schedules_a_report(ObjectWatcher watcher) {      // a watcher, if the test hands objects over
 *         ReportScheduler scheduler = new ReportScheduler();
 *         scheduler.close();
 *         watcher.watch(scheduler, "closed scheduler");      // must be collected by the end of the test
 *     }
 * }
 * }</pre>
 *
 * <p>A thread the test started is a leak when it is still running after the test (and its
 * {@code @AfterEach} methods), once it had {@link #lingerMillis()} to end; a descriptor is a leak
 * when it is still open after garbage collections, and is reported as "open until a GC" when only
 * the JDK's Cleaner closed it. The JVM's own threads and descriptors never count. The failure says
 * what leaked, where each thread was started (JFR), where it waits, what holds an object or a
 * descriptor (the path from a GC root), and what to do next.
 *
 * <p>Threads and descriptors are the whole JVM's: run leak-checked tests one at a time (JUnit's
 * default), not in parallel, or another test's threads read as this one's.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LeakCheckExtension.class)
public @interface LeakCheck {

    /** What is checked after each test; objects handed to an {@code ObjectWatcher} parameter are checked always. */
    Check[] value() default {Check.THREADS, Check.FILE_DESCRIPTORS};

    /** How long new threads and open descriptors get to end after the test before they are called leaks. */
    long lingerMillis() default 1000;

    /** Threads never to count, by their whole name, as regular expressions: {@code "OkHttp TaskRunner"}, {@code "cache-refresher-\\d+"}. */
    String[] ignoreThreadNames() default {};

    /**
     * Threads never to count, by their top frame or the frame they wait in past the JDK's waiting
     * internals, as regular expressions on {@code class.method}: {@code "com\\.example\\.Poller\\.run"}.
     * As goleak's {@code IgnoreTopFunction}.
     */
    String[] ignoreTopFrames() default {};

    /**
     * Whether each test is checked on its own ({@link Scope#TEST}) or the class as a whole, from
     * before its {@code @BeforeAll} methods to after its {@code @AfterAll} methods ({@link Scope#CLASS}):
     * for a client shared by the tests of a class, whose threads outlive each test but not the class.
     */
    Scope scope() default Scope.TEST;

    /** Whether leaked threads are stopped after the verdict (a Timer's and a pool's teardown need {@code --add-opens}; the failure says so). */
    boolean stopLeakedThreads() default true;

    /** What a leak check looks at. */
    enum Check {
        THREADS,
        FILE_DESCRIPTORS
    }

    /** What a leak check measures: each test, or the class as a whole. */
    enum Scope {
        TEST,
        CLASS
    }
}
