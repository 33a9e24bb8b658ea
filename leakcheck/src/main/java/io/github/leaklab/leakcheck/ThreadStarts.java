package io.github.leaklab.leakcheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where each thread was started: JFR's {@code jdk.ThreadStart} event carries the stack of the code
 * that called {@code Thread.start()}. One in-memory recording of that event alone runs for the
 * life of the JVM from the first snapshot on; it is read (dumped to a temporary file) only when a
 * check finds a leaked thread. Off with {@code -Dleakcheck.threadStarts=false}.
 */
final class ThreadStarts {

    static final boolean ENABLED = !"false".equals(System.getProperty("leakcheck.threadStarts"));

    private static Recording recording;
    private static String unavailable;

    private ThreadStarts() {}

    /** Starts the recording, once per JVM; a no-op when off or when this JVM has no JFR. */
    static synchronized void record() {
        if (!ENABLED || recording != null || unavailable != null) {
            return;
        }
        try {
            Recording started = new Recording();
            started.setName("leakcheck: where threads start");
            started.enable("jdk.ThreadStart").withStackTrace();
            started.setToDisk(false);
            started.start();
            recording = started;
        } catch (RuntimeException | LinkageError e) {
            unavailable = "JFR is not available in this JVM (" + e + ")";
        }
    }

    /** The start stack of each thread found, by thread id; threads started before the recording have none. */
    static synchronized Map<Long, List<StackTraceElement>> of(Collection<Long> threadIds) {
        Map<Long, List<StackTraceElement>> stacks = new HashMap<>();
        if (recording == null || threadIds.isEmpty()) {
            return stacks;
        }
        Path dump = null;
        try {
            dump = Files.createTempFile("leakcheck-thread-starts-", ".jfr");
            recording.dump(dump);
            for (RecordedEvent event : RecordingFile.readAllEvents(dump)) {
                RecordedThread started = event.getThread("thread");
                if (started == null
                        || !threadIds.contains(started.getJavaThreadId())
                        || event.getStackTrace() == null) {
                    continue;
                }
                List<StackTraceElement> frames = new ArrayList<>();
                for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                    if (frame.isJavaFrame()) {
                        // JFR records no file names: the line number alone, formatted by LeakedThread.
                        frames.add(new StackTraceElement(
                                frame.getMethod().getType().getName(),
                                frame.getMethod().getName(),
                                null,
                                frame.getLineNumber()));
                    }
                }
                stacks.put(started.getJavaThreadId(), List.copyOf(frames));
            }
        } catch (IOException | RuntimeException e) {
            // No start stacks this time; the report still names and locates every thread.
        } finally {
            if (dump != null) {
                try {
                    Files.deleteIfExists(dump);
                } catch (IOException ignored) {
                    // A temporary file left behind.
                }
            }
        }
        return stacks;
    }

    /** Why no thread has a start stack, for a report: off by the flag, or no JFR in this JVM. */
    static synchronized String whyNone() {
        return !ENABLED
                ? "JFR's recording is off (-Dleakcheck.threadStarts=false)"
                : unavailable != null ? unavailable : "the threads started before the recording did";
    }
}
