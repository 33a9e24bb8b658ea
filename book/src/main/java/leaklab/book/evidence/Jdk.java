package leaklab.book.evidence;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JDK that runs the build, whose {@code java} starts the measured JVMs and whose {@code jcmd}
 * looks inside them: tools and target of one version, as the diagnosis chapter recommends.
 *
 * @param home its {@code java.home}
 * @param java its {@code bin/java}
 * @param jcmd its {@code bin/jcmd}
 */
record Jdk(Path home, Path java, Path jcmd) {

    /** The running JDK; fails if it is a runtime without jcmd. */
    static Jdk current() {
        Path home = Path.of(System.getProperty("java.home"));
        Path java = executable(home, "java");
        Path jcmd = executable(home, "jcmd");
        if (!Files.isExecutable(java) || !Files.isExecutable(jcmd)) {
            throw new EvidenceException("the book's evidence needs a full JDK with bin/java and bin/jcmd, and "
                    + home + " has " + (Files.isExecutable(java) ? "no jcmd" : "no java")
                    + ": point JAVA_HOME at a JDK 17 or newer");
        }
        return new Jdk(home, java, jcmd);
    }

    /** {@code 17.0.15}: the version a reader compares with their own {@code java -version}. */
    static String version() {
        Runtime.Version v = Runtime.version();
        return v.feature() + "." + v.interim() + "." + v.update();
    }

    private static Path executable(Path home, String name) {
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        return home.resolve("bin").resolve(windows ? name + ".exe" : name);
    }
}
