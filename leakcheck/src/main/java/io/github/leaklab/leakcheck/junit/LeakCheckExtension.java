package io.github.leaklab.leakcheck.junit;

import io.github.leaklab.leakcheck.FileDescriptors;
import io.github.leaklab.leakcheck.FileReport;
import io.github.leaklab.leakcheck.FileSnapshot;
import io.github.leaklab.leakcheck.ObjectWatcher;
import io.github.leaklab.leakcheck.RetentionReport;
import io.github.leaklab.leakcheck.StopResult;
import io.github.leaklab.leakcheck.ThreadReport;
import io.github.leaklab.leakcheck.ThreadSnapshot;
import io.github.leaklab.leakcheck.Threads;
import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * What {@link LeakCheck} runs: snapshots of the threads and descriptors before a test (or a
 * class), the verdicts after it, the teardown of leaked threads, and the {@link ObjectWatcher}
 * a test method may ask for. Each verdict is also published as a report entry
 * ({@code leakcheck.threads = CLEAN in 2 ms}), which Surefire keeps in its XML reports.
 */
public final class LeakCheckExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LeakCheckExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        LeakCheck settings = settings(context);
        if (settings.scope() == LeakCheck.Scope.CLASS) {
            context.getStore(NAMESPACE).put(Snapshots.class, Snapshots.take(settings));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Snapshots before = context.getStore(NAMESPACE).remove(Snapshots.class, Snapshots.class);
        if (before != null) {
            verdicts(context, before, null);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        LeakCheck settings = settings(context);
        if (settings.scope() == LeakCheck.Scope.TEST) {
            context.getStore(NAMESPACE).put(Snapshots.class, Snapshots.take(settings));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Snapshots before = context.getStore(NAMESPACE).remove(Snapshots.class, Snapshots.class);
        ObjectWatcher watcher = context.getStore(NAMESPACE).remove(ObjectWatcher.class, ObjectWatcher.class);
        if (before != null || watcher != null) {
            verdicts(context, before, watcher);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ObjectWatcher.class
                && context.getTestMethod().isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(ObjectWatcher.class, type -> new ObjectWatcher(), ObjectWatcher.class);
    }

    /**
     * Every verdict first, then the teardown: stopping a thread can close what it held (a
     * selector, a socket), which would hide a leaked descriptor from the verdict after it.
     */
    private static void verdicts(ExtensionContext context, Snapshots before, ObjectWatcher watcher) {
        List<String> failures = new ArrayList<>();
        ThreadReport threads = null;
        if (before != null && before.threads != null) {
            threads = before.threads.leaks(before.linger);
            context.publishReportEntry(
                    "leakcheck.threads",
                    threads.verdict() + " in " + threads.took().toMillis() + " ms");
        }
        if (before != null && before.files != null) {
            FileReport files = before.files.leaks(before.linger);
            context.publishReportEntry(
                    "leakcheck.fileDescriptors",
                    files.verdict() + " in " + files.took().toMillis() + " ms");
            if (!files.isClean()) {
                failures.add(files.toString());
            }
        }
        if (watcher != null && watcher.watchedCount() > 0) {
            RetentionReport objects = watcher.leaks();
            context.publishReportEntry(
                    "leakcheck.objects",
                    objects.verdict() + " in " + objects.took().toMillis() + " ms");
            if (!objects.isClean()) {
                failures.add(objects.toString());
            }
        }
        if (threads != null && !threads.isClean()) {
            String message = threads.toString();
            if (before.settings.stopLeakedThreads()) {
                StopResult stopped = threads.stopAll();
                message += "\n"
                        + (stopped.allStopped()
                                ? stopped + " The next test starts without " + (threads.count() == 1 ? "it." : "them.")
                                : stopped.toString());
            }
            failures.add(0, message);
        }
        if (!failures.isEmpty()) {
            String scope = context.getTestMethod().isPresent() ? "test" : "test class";
            // The reports speak of "the workload"; here, that is the test.
            String reports = String.join("\n\n", failures).replace(" by the workload ", " by the " + scope + " ");
            throw new AssertionError(
                    "@LeakCheck: the " + scope + " \"" + context.getDisplayName() + "\" leaked.\n\n" + reports);
        }
    }

    /** The settings that apply: the method's annotation, else the class's (or an enclosing class's). */
    private static LeakCheck settings(ExtensionContext context) {
        Optional<LeakCheck> onMethod =
                context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, LeakCheck.class));
        if (onMethod.isPresent()) {
            return onMethod.get();
        }
        for (Class<?> type = context.getTestClass().orElse(null); type != null; type = type.getEnclosingClass()) {
            Optional<LeakCheck> found = AnnotationSupport.findAnnotation((AnnotatedElement) type, LeakCheck.class);
            if (found.isPresent()) {
                return found.get();
            }
        }
        return Defaults.class.getAnnotation(LeakCheck.class);
    }

    @LeakCheck
    private static final class Defaults {}

    /** What was open before the test (or class). */
    private static final class Snapshots {
        final LeakCheck settings;
        final Duration linger;
        final ThreadSnapshot threads;
        final FileSnapshot files;

        private Snapshots(LeakCheck settings, ThreadSnapshot threads, FileSnapshot files) {
            this.settings = settings;
            this.linger = Duration.ofMillis(settings.lingerMillis());
            this.threads = threads;
            this.files = files;
        }

        static Snapshots take(LeakCheck settings) {
            List<LeakCheck.Check> checks = List.of(settings.value());
            ThreadSnapshot threads = null;
            if (checks.contains(LeakCheck.Check.THREADS)) {
                threads = Threads.snapshot();
                for (String name : settings.ignoreThreadNames()) {
                    threads = threads.ignoringNames(name);
                }
                for (String frame : settings.ignoreTopFrames()) {
                    threads = threads.ignoringTopFrames(frame);
                }
            }
            FileSnapshot files = checks.contains(LeakCheck.Check.FILE_DESCRIPTORS) && FileDescriptors.countable()
                    ? FileDescriptors.snapshot()
                    : null;
            return new Snapshots(settings, threads, files);
        }
    }
}
