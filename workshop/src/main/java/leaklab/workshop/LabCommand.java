package leaklab.workshop;

/**
 * How the learner starts this tool, so that every command its messages suggest can be typed as
 * printed: {@code ./lab verify timer} from the {@code lab} script, or the Maven command where the
 * script cannot run (Windows: see workshop/pom.xml), which passes the tool's arguments in
 * {@code -Dlab.args}.
 */
final class LabCommand {

    private static final String MAVEN_GOALS = "-q -pl workshop -am process-classes exec:exec";

    /** Null for the script; else the wrapper and goals before {@code "-Dlab.args=..."}. */
    private final String maven;

    private LabCommand(String maven) {
        this.maven = maven;
    }

    static LabCommand script() {
        return new LabCommand(null);
    }

    /** The Maven route; on Windows its wrapper is {@code .\mvnw.cmd} (cmd and PowerShell alike). */
    static LabCommand maven(boolean windows) {
        return new LabCommand((windows ? ".\\mvnw.cmd " : "./mvnw ") + MAVEN_GOALS);
    }

    /** As the launcher said: {@code -Dlab.launcher=maven} comes from workshop/pom.xml. */
    static LabCommand current() {
        return "maven".equals(System.getProperty("lab.launcher"))
                ? maven(System.getProperty("os.name", "").startsWith("Windows"))
                : script();
    }

    boolean isMaven() {
        return maven != null;
    }

    /** The full command for these arguments, e.g. {@code ./lab verify timer}. */
    String of(String arguments) {
        // The whole -D argument in quotes: PowerShell would otherwise split it at its dot.
        return maven == null ? "./lab " + arguments : maven + " \"-Dlab.args=" + arguments + "\"";
    }
}
