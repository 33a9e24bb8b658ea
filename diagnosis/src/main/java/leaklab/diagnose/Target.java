package leaklab.diagnose;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The JVM under diagnosis, attached with the JDK's attach API: {@link #jcmd} runs a diagnostic
 * command as {@code jcmd <pid> <command>} does.
 *
 * <p>Before attaching, {@link #find} checks what {@code /proc} tells, because an attach to the wrong
 * process does harm: HotSpot's attach protocol starts by sending SIGQUIT, which ends a process that
 * is not a JVM, and makes a JVM started with {@code -XX:+DisableAttachMechanism} print a thread dump.
 */
final class Target implements AutoCloseable {

    private static final int ATTEMPTS = 4;

    private final long pid;
    private final String mainClass;
    private final Proc proc;
    private final VirtualMachine vm;
    private final Method executeJCmd;
    private final Optional<Path> perfCounters;

    private Target(long pid, String mainClass, VirtualMachine vm, Method executeJCmd) {
        this.pid = pid;
        this.mainClass = mainClass;
        this.proc = new Proc(pid);
        this.vm = vm;
        this.executeJCmd = executeJCmd;
        this.perfCounters = PerfCounters.file(pid);
    }

    /** Finds the JVM by pid or main-class name, checks it can be attached to, and attaches. */
    static Target find(String spec) throws DiagnoseException {
        long pid = spec.matches("\\d{1,10}") ? Long.parseLong(spec) : pidOfMainClass(spec);
        Proc proc = new Proc(pid);
        if (!proc.exists()) {
            throw new DiagnoseException(
                    Exit.NO_SUCH_PROCESS,
                    "no process has pid " + pid + ": `jcmd` lists the JVMs you can attach to, with their pids");
        }
        OptionalInt owner = proc.owner();
        OptionalInt me = Proc.me();
        if (owner.isPresent() && me.isPresent() && owner.getAsInt() != me.getAsInt() && me.getAsInt() != 0) {
            throw new DiagnoseException(
                    Exit.ATTACH_REFUSED,
                    "process " + pid + " belongs to user "
                            + Proc.userName(owner.getAsInt()) + ", and a JVM accepts an attach only from its own user:"
                            + " run diagnose as that user (sudo -u " + Proc.userName(owner.getAsInt()) + " ./diagnose "
                            + pid
                            + ")");
        }
        if (!proc.runsJvm().orElse(false)) {
            throw new DiagnoseException(
                    Exit.NOT_A_JVM,
                    "process " + pid + " (" + proc.command()
                            + ") is not a JVM: `jcmd` lists the JVMs you can attach to");
        }
        if (proc.optionsText().contains("-XX:+DisableAttachMechanism")) {
            throw new DiagnoseException(
                    Exit.ATTACH_REFUSED,
                    "the JVM " + pid + " was started with"
                            + " -XX:+DisableAttachMechanism and refuses every attach: restart it without that option");
        }
        VirtualMachine vm = attach(pid);
        try {
            Method executeJCmd = vm.getClass().getMethod("executeJCmd", String.class);
            String mainClass = vm.getSystemProperties()
                    .getProperty("sun.java.command", "?")
                    .split(" ")[0];
            return new Target(pid, mainClass, vm, executeJCmd);
        } catch (NoSuchMethodException e) {
            detach(vm);
            throw new DiagnoseException(
                    Exit.FAILED,
                    "this JDK's attach API has no executeJCmd: run diagnose on" + " a HotSpot JDK 17 or newer");
        } catch (IOException e) {
            detach(vm);
            throw failure(pid, "cannot read its system properties", e);
        }
    }

    private static long pidOfMainClass(String mainClass) throws DiagnoseException {
        long me = ProcessHandle.current().pid();
        List<VirtualMachineDescriptor> found = VirtualMachine.list().stream()
                .filter(d -> !d.id().equals(Long.toString(me)))
                .filter(d -> {
                    String main = d.displayName().split(" ")[0];
                    return main.equals(mainClass) || main.endsWith("." + mainClass);
                })
                .toList();
        if (found.isEmpty()) {
            throw new DiagnoseException(
                    Exit.NO_SUCH_PROCESS,
                    "no JVM of yours runs a main class named " + mainClass
                            + ": `jcmd` lists the JVMs you can attach to, with their main classes");
        }
        if (found.size() > 1) {
            throw new DiagnoseException(
                    Exit.USAGE,
                    found.size() + " JVMs run " + mainClass + " (pids "
                            + String.join(
                                    ", ",
                                    found.stream()
                                            .map(VirtualMachineDescriptor::id)
                                            .toList())
                            + "): give the pid of the one to diagnose");
        }
        return Long.parseLong(found.get(0).id());
    }

    /** Attaches, retrying a few times: a busy JVM may be slow to start its attach listener. */
    private static VirtualMachine attach(long pid) throws DiagnoseException {
        Exception last = null;
        long pause = 200;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (!new Proc(pid).exists()) {
                throw new DiagnoseException(
                        Exit.TARGET_EXITED, "the JVM " + pid + " exited before diagnose could attach");
            }
            try {
                return VirtualMachine.attach(Long.toString(pid));
            } catch (AttachNotSupportedException | IOException e) {
                last = e;
            }
            backOff(pause);
            pause *= 2;
        }
        throw new DiagnoseException(
                Exit.ATTACH_REFUSED,
                "the JVM " + pid + " refuses the attach ("
                        + oneLine(last) + "): it may have been started with -XX:+DisableAttachMechanism, or run in"
                        + " another container; run diagnose where the JVM runs, as its user");
    }

    long pid() {
        return pid;
    }

    String mainClass() {
        return mainClass;
    }

    Proc proc() {
        return proc;
    }

    /** The JVM's performance-counter file, if it keeps one. */
    Optional<Path> perfCounters() {
        return perfCounters;
    }

    boolean isAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Runs a diagnostic command, as {@code jcmd <pid> <command>}.
     *
     * @throws DiagnoseException {@link Exit#TARGET_EXITED} if the JVM is gone, {@link Exit#FAILED} otherwise
     */
    String jcmd(String command) throws DiagnoseException {
        Exception last = null;
        long pause = 100;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (!isAlive()) {
                throw exited();
            }
            try (InputStream in = (InputStream) executeJCmd.invoke(vm, command)) {
                // transferTo, not readAllBytes: on this stream readAllBytes stops after the first 4 KiB.
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                return out.toString(StandardCharsets.UTF_8);
            } catch (InvocationTargetException e) {
                last = e.getCause() instanceof Exception cause ? cause : e;
                if (last.getClass().getSimpleName().equals("AttachOperationFailedException")) {
                    break; // the JVM answered: the command itself failed, trying again changes nothing
                }
            } catch (IllegalAccessException e) {
                throw new DiagnoseException(
                        Exit.FAILED,
                        "the attach API's executeJCmd is not exported to the tool:"
                                + " start it with --add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED (./diagnose does)");
            } catch (IOException e) {
                last = e;
            }
            backOff(pause);
            pause *= 2;
        }
        if (!isAlive()) {
            throw exited();
        }
        throw failure(pid, "jcmd " + command + " failed", last);
    }

    DiagnoseException exited() {
        return new DiagnoseException(
                Exit.TARGET_EXITED,
                "the JVM " + pid + " exited during sampling: nothing is"
                        + " left to diagnose; run diagnose on a JVM that keeps running (or with a shorter --duration)");
    }

    private static DiagnoseException failure(long pid, String what, Exception e) {
        return new DiagnoseException(Exit.FAILED, "the JVM " + pid + ": " + what + " (" + oneLine(e) + ")", e);
    }

    static String oneLine(Throwable e) {
        if (e == null) {
            return "no reason given";
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse("").strip();
    }

    private static void backOff(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void detach(VirtualMachine vm) {
        try {
            vm.detach();
        } catch (IOException ignored) {
            // nothing held
        }
    }

    @Override
    public void close() {
        detach(vm);
    }
}
