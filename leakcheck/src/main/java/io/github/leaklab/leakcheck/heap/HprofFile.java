package io.github.leaklab.leakcheck.heap;

import io.github.leaklab.leakcheck.heap.HeapDumpException.Reason;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks that a file is a whole HPROF heap dump before Shark reads it, so that a wrong file gets a
 * sentence rather than a stack trace from deep inside the parser. Walks the top-level records by
 * their lengths (it skips their contents, so it reads a few bytes per record).
 */
final class HprofFile {

    private static final String MAGIC = "JAVA PROFILE 1.0.";
    private static final int HEAP_DUMP = 0x0C;
    private static final int HEAP_DUMP_SEGMENT = 0x1C;
    private static final int HEAP_DUMP_END = 0x2C;

    private HprofFile() {}

    static void check(Path file) throws HeapDumpException {
        if (Files.isDirectory(file)) {
            throw new HeapDumpException(Reason.MISSING, file + " is a directory, not a heap dump file.");
        }
        if (!Files.isRegularFile(file)) {
            throw new HeapDumpException(Reason.MISSING, "No heap dump at " + file + ": the file does not exist.");
        }
        long size;
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            size = Files.size(file);
            byte[] start = in.readNBytes(MAGIC.length());
            if (start.length >= 2 && (start[0] & 0xFF) == 0x1F && (start[1] & 0xFF) == 0x8B) {
                throw new HeapDumpException(
                        Reason.NOT_HPROF,
                        file + " is gzip-compressed (as jcmd GC.heap_dump -gz writes it):" + " gunzip it first.");
            }
            if (!new String(start, StandardCharsets.ISO_8859_1).equals(MAGIC)) {
                throw new HeapDumpException(
                        Reason.NOT_HPROF,
                        file + " is not a heap dump: an HPROF file starts with \"" + MAGIC
                                + "2\" (jcmd <pid> GC.heap_dump <file>.hprof writes one).");
            }
            long position = MAGIC.length();
            while (in.readByte() != 0) { // the rest of the version string, up to its NUL
                position++;
            }
            position++;
            int idSize = in.readInt();
            if (idSize != 4 && idSize != 8) {
                throw new HeapDumpException(
                        Reason.NOT_HPROF,
                        file + " is not a heap dump this tool reads: its identifiers are " + idSize
                                + " bytes long (an HPROF file from a JVM has 4 or 8).");
            }
            in.readLong(); // the dump's timestamp
            position += 12;
            boolean heapDump = false;
            boolean segments = false;
            boolean ended = false;
            while (position < size) {
                if (size - position < 9) {
                    throw truncated(file, size, 9 - (size - position));
                }
                int tag = in.readUnsignedByte();
                in.readInt(); // microseconds since the timestamp
                long length = Integer.toUnsignedLong(in.readInt());
                position += 9;
                if (position + length > size) {
                    throw truncated(file, size, position + length - size);
                }
                in.skipNBytes(length);
                position += length;
                heapDump |= tag == HEAP_DUMP || tag == HEAP_DUMP_SEGMENT;
                segments |= tag == HEAP_DUMP_SEGMENT;
                ended |= tag == HEAP_DUMP_END;
            }
            if (segments && !ended) {
                throw new HeapDumpException(
                        Reason.TRUNCATED,
                        file + " is truncated: its heap dump has no end record"
                                + " (a dump cut short: the disk filled up, or the JVM died while dumping).");
            }
            if (!heapDump) {
                throw new HeapDumpException(
                        Reason.NOT_HPROF,
                        file + " is an HPROF file without a heap dump in it" + " (a CPU or allocation profile?).");
            }
        } catch (EOFException e) {
            throw new HeapDumpException(Reason.TRUNCATED, file + " is truncated: it ends inside its header.", e);
        } catch (HeapDumpException e) {
            throw e;
        } catch (IOException e) {
            throw new HeapDumpException(Reason.UNREADABLE, "Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static HeapDumpException truncated(Path file, long size, long missing) {
        return new HeapDumpException(
                Reason.TRUNCATED,
                file + " is truncated: it ends at byte " + size
                        + ", " + missing + " bytes short of the end of its last record"
                        + " (a dump cut short: the disk filled up, or the JVM died while dumping).");
    }
}
