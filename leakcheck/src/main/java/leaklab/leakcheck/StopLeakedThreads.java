package leaklab.leakcheck;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension: after each test, stops every thread the test started and left running, so a
 * test that demonstrates a thread leak cannot poison the next one. Fails the test if a thread
 * cannot be stopped (a zombie).
 *
 * <pre>{@code @ExtendWith(StopLeakedThreads.class) class TimerLeakTest { ... }}</pre>
 */
public final class StopLeakedThreads implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(StopLeakedThreads.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("before", ThreadLeaks.snapshot());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ThreadSnapshot before = context.getStore(NAMESPACE).get("before", ThreadSnapshot.class);
        List<Thread> zombies = before.stopNewThreads(Duration.ofSeconds(5));
        if (!zombies.isEmpty()) {
            throw new AssertionError(zombies.size() + " thread(s) leaked by this test could not be stopped"
                    + " and may disturb the tests after it: "
                    + zombies.stream().map(t -> '"' + t.getName() + "\" " + t.getState()).toList());
        }
    }
}
