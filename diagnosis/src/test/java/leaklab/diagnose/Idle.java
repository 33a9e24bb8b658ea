package leaklab.diagnose;

import java.io.IOException;

/** A JVM that does nothing until its standard input ends, then exits: a target the tests end when they choose. */
public final class Idle {

    private Idle() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println("idle, pid " + ProcessHandle.current().pid());
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the end of input
        }
    }

    /** Its command line, with these JVM options first. */
    static java.util.List<String> command(String... jvmOptions) {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(Jvm.JAVA, "-Xmx64m"));
        command.addAll(java.util.List.of(jvmOptions));
        command.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), Idle.class.getName()));
        return command;
    }
}
