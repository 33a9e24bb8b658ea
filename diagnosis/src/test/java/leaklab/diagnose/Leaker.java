package leaklab.diagnose;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small program that leaks one resource ten times a second, for the verdict kinds no catalogued
 * scenario shows yet: {@code files} keeps every file it opens (a file-descriptor leak), {@code direct}
 * keeps every direct buffer it allocates (memory outside the heap). Bounded: it stops after a
 * minute, and it closes what it opened when it ends.
 */
public final class Leaker {

    /** Held on purpose: a static list is the leak. */
    static final List<Object> KEPT = new ArrayList<>();

    private Leaker() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        String what = args[0];
        Path file = Files.createTempFile("leaker-", ".txt");
        file.toFile().deleteOnExit();
        System.out.println(
                "leaking " + what + ", pid " + ProcessHandle.current().pid());
        System.out.flush();
        try {
            for (int i = 0; i < 600; i++) {
                KEPT.add(
                        what.equals("files")
                                ? new FileInputStream(file.toFile())
                                : ByteBuffer.allocateDirect(64 * 1024));
                TimeUnit.MILLISECONDS.sleep(100);
            }
        } finally {
            for (Object kept : KEPT) {
                if (kept instanceof FileInputStream in) {
                    in.close();
                }
            }
            Files.deleteIfExists(file);
        }
    }

    static List<String> command(String what) {
        return List.of(Jvm.JAVA, "-Xmx64m", "-cp", System.getProperty("java.class.path"), Leaker.class.getName(), what);
    }
}
