package leaklab.book.evidence;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs a jcmd command against a live JVM the way {@code jcmd <pid> <command>} does, through the
 * JDK's attach API, from this JVM: one attach per command, without starting a jcmd JVM each time
 * (on a busy 2-core machine that start is most of a look's cost).
 *
 * <p>An attach can fail while the target is busy (its attach listener starts on the first request);
 * it is retried a bounded number of times, and a target that has ended is reported as such.
 * {@code HotSpotVirtualMachine.executeJCmd} is JDK-internal: the evidence JVM runs with
 * {@code --add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED} (book/pom.xml).
 */
final class Attach {

    static final int ATTEMPTS = 5;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(200);

    private Attach() {}

    /**
     * The command's output, as jcmd prints it after its {@code <pid>:} line.
     *
     * @param what the target, for messages: "the leaking timer demo"
     * @throws EvidenceException after {@value #ATTEMPTS} failed attempts, or at once if the process ended
     */
    static String jcmd(ProcessHandle target, String command, String what) {
        Duration pause = FIRST_PAUSE;
        Exception last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (!target.isAlive()) {
                throw new EvidenceException("jcmd " + command + " against " + what + ": the process had already ended"
                        + (last == null ? "" : " (the attempt before: " + last + ")"));
            }
            try {
                return execute(target.pid(), command);
            } catch (IOException | RuntimeException e) {
                last = e;
            }
            backOff(pause);
            pause = pause.multipliedBy(2);
        }
        throw new EvidenceException(
                "jcmd " + command + " against " + what + " failed " + ATTEMPTS + " times, the last with " + last, last);
    }

    private static String execute(long pid, String command) throws IOException {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException e) {
            throw new IOException("cannot attach to pid " + pid + ": " + e.getMessage(), e);
        }
        try {
            Method executeJCmd = vm.getClass().getMethod("executeJCmd", String.class);
            try (InputStream in = (InputStream) executeJCmd.invoke(vm, command)) {
                // transferTo, not readAllBytes: on this stream readAllBytes stops after the first 4 KiB.
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                return out.toString(StandardCharsets.UTF_8);
            }
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "this JDK's attach API has no executeJCmd, or it is not exported to the"
                            + " evidence (--add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED): " + e,
                    e);
        } finally {
            vm.detach();
        }
    }

    /** A retry's backoff: a pause before trying again, not a wait for a result. */
    private static void backOff(Duration pause) {
        try {
            TimeUnit.MILLISECONDS.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvidenceException("interrupted while retrying an attach", e);
        }
    }
}
