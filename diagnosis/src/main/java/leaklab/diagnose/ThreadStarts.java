package leaklab.diagnose;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where threads were started: a Flight Recorder recording of {@code jdk.ThreadStart} events, with
 * the stack of the code that called {@code Thread.start()}, for the sampling window only. Recorded
 * in the target's memory (nothing written to its disk) and dumped into the tool's own folder.
 */
final class ThreadStarts {

    /** The recording's settings: thread starts with their stacks, nothing else. */
    private static final String SETTINGS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <configuration version="2.0" label="diagnose" description="Thread starts, with the stack that started them">
              <event name="jdk.ThreadStart">
                <setting name="enabled">true</setting>
                <setting name="stackTrace">true</setting>
              </event>
            </configuration>
            """;

    /** How many application frames of a start's stack are kept: where it was started, and by whom. */
    private static final int FRAMES = 3;

    private final String name;
    private final Path recording;
    private boolean started;

    private ThreadStarts(String name, Path recording) {
        this.name = name;
        this.recording = recording;
    }

    /** Starts the recording in the target; {@code folder} must be readable by the target's user. */
    static ThreadStarts start(Target target, Path folder) throws DiagnoseException {
        Path settings = folder.resolve("thread-starts.jfc");
        try {
            Files.writeString(settings, SETTINGS, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DiagnoseException(
                    Exit.FAILED, "cannot write the recording's settings to " + settings + ": " + e.getMessage(), e);
        }
        ThreadStarts starts = new ThreadStarts(
                "leaklab-diagnose-" + ProcessHandle.current().pid(), folder.resolve("thread-starts.jfr"));
        String answer = target.jcmd("JFR.start name=" + starts.name + " settings=" + settings + " disk=false");
        starts.started = answer.contains("Started recording");
        return starts;
    }

    /** Stops the recording and reads it: per thread name pattern, the application stacks that started them. */
    synchronized Map<String, Map<List<String>, Integer>> stopAndRead(Target target) throws DiagnoseException {
        if (!started) {
            return Map.of();
        }
        started = false;
        target.jcmd("JFR.stop name=" + name + " filename=" + recording);
        Map<String, Map<List<String>, Integer>> byPattern = new LinkedHashMap<>();
        try {
            for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
                if (!event.getEventType().getName().equals("jdk.ThreadStart")) {
                    continue;
                }
                RecordedThread thread = event.getThread("thread");
                if (thread == null || thread.getJavaName() == null || event.getStackTrace() == null) {
                    continue;
                }
                byPattern
                        .computeIfAbsent(ThreadDump.pattern(thread.getJavaName()), p -> new LinkedHashMap<>())
                        .merge(applicationFrames(event), 1, Integer::sum);
            }
        } catch (IOException e) {
            throw new DiagnoseException(Exit.FAILED, "cannot read the thread-start recording: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(recording);
            } catch (IOException ignored) {
                // deleted with the folder
            }
        }
        return byPattern;
    }

    /** Best effort, on the way out after a failure: a recording left running would keep memory in the target. */
    synchronized void abandon(Target target) {
        if (started) {
            started = false;
            try {
                target.jcmd("JFR.stop name=" + name);
            } catch (DiagnoseException ignored) {
                // the target is gone, and its recording with it
            }
        }
    }

    /** The first frames of the application's code in a start's stack; the JDK's top frames if it has none. */
    private static List<String> applicationFrames(RecordedEvent event) {
        List<String> application = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (RecordedFrame frame : event.getStackTrace().getFrames()) {
            if (frame.getMethod() == null || frame.getMethod().getType() == null) {
                continue;
            }
            // A lambda's hidden class reads GatewayDemo$$Lambda.1173230247 (or $$Lambda/0x...): drop the number.
            String type = LiveHistogram.javaName(frame.getMethod().getType().getName())
                    .replaceFirst("\\$\\$Lambda[./$+]?[0-9a-fx/]*$", "\\$\\$Lambda");
            String text = type + "." + frame.getMethod().getName()
                    + (frame.getLineNumber() > 0 ? "(line " + frame.getLineNumber() + ")" : "()");
            all.add(text);
            if (LiveHistogram.isApplication(type) && application.size() < FRAMES) {
                application.add(text);
            }
        }
        return List.copyOf(application.isEmpty() ? all.subList(0, Math.min(FRAMES, all.size())) : application);
    }
}
