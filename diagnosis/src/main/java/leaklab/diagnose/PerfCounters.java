package leaklab.diagnose;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The JVM's performance counters, the figures {@code jstat} and {@code jcmd <pid> PerfCounter.print}
 * read: a file the JVM keeps up to date in {@code /tmp/hsperfdata_<user>/<pid>}, read here without
 * touching the JVM at all, so the tool reads them every second. Empty when the JVM runs with
 * {@code -XX:-UsePerfData}.
 *
 * <p>The file: a header (magic {@code 0xcafec0c0}, byte order, version, where the entries start and
 * how many there are), then one entry per counter (its length, where its name and its value are,
 * its type: {@code J} a long, {@code B} a string).
 */
final class PerfCounters {

    private static final int MAGIC = 0xcafec0c0;

    private final Map<String, Object> values;

    private PerfCounters(Map<String, Object> values) {
        this.values = values;
    }

    /** The file of the JVM {@code pid}, seen through its root (the JVM may run in a container). */
    static Optional<Path> file(long pid) {
        Path tmp = Path.of("/proc", Long.toString(pid), "root", "tmp");
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, "hsperfdata_*")) {
            for (Path dir : dirs) {
                Path file = dir.resolve(Long.toString(pid));
                if (Files.isRegularFile(file)) {
                    return Optional.of(file);
                }
            }
        } catch (IOException e) {
            // no counters to read
        }
        return Optional.empty();
    }

    static PerfCounters read(Optional<Path> file) {
        if (file.isEmpty()) {
            return new PerfCounters(Map.of());
        }
        try (FileChannel channel = FileChannel.open(file.get(), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 1 << 20));
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read it all
            }
            buffer.flip();
            return parse(buffer);
        } catch (IOException | RuntimeException e) {
            return new PerfCounters(Map.of()); // gone, or caught mid-write: the next second reads again
        }
    }

    static PerfCounters parse(ByteBuffer buffer) {
        Map<String, Object> values = new HashMap<>();
        if (buffer.remaining() < 32 || buffer.getInt(0) != MAGIC) {
            return new PerfCounters(values);
        }
        buffer.order(buffer.get(4) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int entryOffset = buffer.getInt(24);
        int entries = buffer.getInt(28);
        int at = entryOffset;
        for (int i = 0; i < entries && at + 20 <= buffer.limit(); i++) {
            int length = buffer.getInt(at);
            int nameOffset = buffer.getInt(at + 4);
            int vectorLength = buffer.getInt(at + 8);
            byte type = buffer.get(at + 12);
            int dataOffset = buffer.getInt(at + 16);
            if (length <= 0) {
                break;
            }
            String name = string(buffer, at + nameOffset, length - nameOffset);
            if (type == 'J' && vectorLength == 0) {
                values.put(name, buffer.getLong(at + dataOffset));
            } else if (type == 'B' && vectorLength > 0) {
                values.put(name, string(buffer, at + dataOffset, vectorLength));
            }
            at += length;
        }
        return new PerfCounters(values);
    }

    private static String string(ByteBuffer buffer, int start, int max) {
        int end = start;
        while (end < start + max && end < buffer.limit() && buffer.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        buffer.get(start, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    OptionalLong number(String name) {
        return values.get(name) instanceof Long value ? OptionalLong.of(value) : OptionalLong.empty();
    }

    /** The heap in use now, every generation and space: the sawtooth, garbage included. */
    OptionalLong heapUsed() {
        return sum("sun\\.gc\\.generation\\.\\d+\\.space\\.\\d+\\.used");
    }

    /** Every collection so far, young and old. */
    OptionalLong collections() {
        return sum("sun\\.gc\\.collector\\.\\d+\\.invocations");
    }

    private OptionalLong sum(String namePattern) {
        long sum = 0;
        boolean any = false;
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            if (entry.getValue() instanceof Long value && entry.getKey().matches(namePattern)) {
                sum += value;
                any = true;
            }
        }
        return any ? OptionalLong.of(sum) : OptionalLong.empty();
    }

    OptionalLong liveThreads() {
        return number("java.threads.live");
    }

    /** Classes loaded and not unloaded. */
    OptionalLong loadedClasses() {
        OptionalLong loaded = number("java.cls.loadedClasses");
        OptionalLong unloaded = number("java.cls.unloadedClasses");
        return loaded.isPresent() ? OptionalLong.of(loaded.getAsLong() - unloaded.orElse(0)) : OptionalLong.empty();
    }

    /** The JVM's version, {@code 17.0.15+6-Debian-1deb12u1}. */
    String vmVersion() {
        return values.get("java.property.java.vm.version") instanceof String version ? version : "?";
    }
}
