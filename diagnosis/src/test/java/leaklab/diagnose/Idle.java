package leaklab.diagnose;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A JVM that does nothing until its standard input ends, then exits: a target the tests end when they choose. */
public final class Idle {

    private Idle() {}

    public static void main(String[] args) throws IOException {
        System.out.println("idle, pid " + ProcessHandle.current().pid());
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the end of input
        }
    }

    /** Its command line, with these JVM options first. */
    static List<String> command(String... jvmOptions) {
        List<String> command = new ArrayList<>(List.of(Jvm.JAVA, "-Xmx64m"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Idle.class.getName()));
        return command;
    }
}
