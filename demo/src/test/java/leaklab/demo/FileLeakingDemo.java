package leaklab.demo;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** A live demo that leaks a file descriptor per operation, kept reachable; {@link LiveDemoProcessTest} runs it. */
public final class FileLeakingDemo {

    private static final List<InputStream> KEPT = new ArrayList<>();

    private FileLeakingDemo() {}

    public static void main(String[] args) {
        LiveDemo demo = new LiveDemo("FileLeakingDemo", "files opened per second", "file");
        DemoOptions options = demo.parseOrExit(args);
        demo.run(options, Gauge.ofThisJvm().withOpenFiles(), () -> {
            try {
                KEPT.add(new FileInputStream("/dev/null"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
