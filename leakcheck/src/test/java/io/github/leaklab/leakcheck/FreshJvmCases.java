package io.github.leaklab.leakcheck;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One case per run, in a JVM of its own, started by {@link FreshJvmTest}: in a fresh JVM the
 * JDK opens and starts things lazily (SecureRandom's descriptors, JFR's threads) that a check
 * must not charge to the first workload. Prints {@code VERDICT <verdict>} last.
 */
public final class FreshJvmCases {

    static final List<Object> HELD = new ArrayList<>();

    private FreshJvmCases() {}

    public static void main(String[] args) throws Exception {
        LeakReport report = switch (args[0]) {
            case "thread-timer" -> {
                ThreadSnapshot before = Threads.snapshot();
                Timer timer = new Timer("forgotten-timer", true);
                timer.schedule(task(), TimeUnit.HOURS.toMillis(1));
                ThreadReport leaked = before.leaks();
                timer.cancel();
                yield leaked;
            }
            case "thread-ends-after-80-ms" -> {
                ThreadSnapshot before = Threads.snapshot();
                new Thread(() -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(80)), "short-lived").start();
                yield before.leaks();
            }
            case "object-held" -> {
                ObjectWatcher watcher = new ObjectWatcher();
                hold(watcher);
                yield watcher.leaks();
            }
            case "object-dropped" -> {
                ObjectWatcher watcher = new ObjectWatcher();
                drop(watcher);
                yield watcher.leaks();
            }
            case "fd-held" -> {
                Path file = Files.writeString(Files.createTempFile("leakcheck-case-", ".log"), "one order\n");
                FileSnapshot before = FileDescriptors.snapshot();
                HELD.add(new FileInputStream(file.toFile()));
                FileReport leaked = before.leaks();
                ((InputStream) HELD.get(0)).close();
                Files.delete(file);
                yield leaked;
            }
            case "fd-dropped" -> {
                Path file = Files.writeString(Files.createTempFile("leakcheck-case-", ".log"), "one order\n");
                FileSnapshot before = FileDescriptors.snapshot();
                openAndDrop(file);
                FileReport untilGc = before.leaks();
                Files.delete(file);
                yield untilGc;
            }
            case "fd-closed-after-the-first-temp-file" -> {
                // The snapshot comes first: the workload's Files.createTempFile starts the JDK's SecureRandom.
                FileSnapshot before = FileDescriptors.snapshot();
                Path file = Files.createTempFile("leakcheck-case-", ".log");
                try (InputStream in = Files.newInputStream(file)) {
                    in.read();
                }
                Files.delete(file);
                yield before.leaks();
            }
            case "fd-dropped-after-the-first-temp-file" -> {
                FileSnapshot before = FileDescriptors.snapshot();
                Path file = Files.createTempFile("leakcheck-case-", ".log");
                openAndDrop(file);
                FileReport untilGc = before.leaks();
                Files.delete(file);
                yield untilGc;
            }
            default -> throw new IllegalArgumentException("no such case: " + args[0]);
        };
        System.out.println(report);
        System.out.println("VERDICT " + report.verdict());
    }

    private static TimerTask task() {
        return new TimerTask() {
            @Override
            public void run() {}
        };
    }

    private static void hold(ObjectWatcher watcher) {
        byte[] held = new byte[1024];
        HELD.add(held);
        watcher.watch(held, "held by a static list");
    }

    private static void drop(ObjectWatcher watcher) {
        watcher.watch(new byte[1024], "garbage");
    }

    private static void openAndDrop(Path file) throws IOException {
        new FileInputStream(file.toFile()).read();
    }
}
