package leaklab.resource;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * This process's TCP sockets, with their ports and their state, as {@code ss -tanp} or
 * {@code lsof -i -a -p <pid>} list them. {@code ls -l /proc/<pid>/fd} shows a socket as
 * {@code socket:[inode]} and nothing more; the kernel's tables {@code /proc/net/tcp} and
 * {@code /proc/net/tcp6} say, for each inode, its two ends and its state. Joined, they tell which
 * of the process's sockets are the relay's connections to the upstream and which the upstream's
 * ends of them, since both run in this one process here.
 *
 * <p>Linux only: elsewhere {@link #listable()} is false and every list is empty.
 */
public final class OpenSockets {

    private static final Path PROC_FD = Path.of("/proc/self/fd");
    private static final List<Path> TCP_TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    /** The kernel's TCP states, by the number {@code /proc/net/tcp} gives them (include/net/tcp_states.h). */
    private static final String[] STATES = {
        "?",
        "ESTABLISHED",
        "SYN_SENT",
        "SYN_RECV",
        "FIN_WAIT1",
        "FIN_WAIT2",
        "TIME_WAIT",
        "CLOSE",
        "CLOSE_WAIT",
        "LAST_ACK",
        "LISTEN",
        "CLOSING",
        "NEW_SYN_RECV"
    };

    /**
     * One TCP socket of this process.
     *
     * @param fd its descriptor, in {@code /proc/self/fd}
     * @param local this end, {@code 127.0.0.1:41234}
     * @param localPort this end's port
     * @param remote the other end, {@code 127.0.0.1:8080} ({@code 0.0.0.0:0} for a listening socket)
     * @param remotePort the other end's port
     * @param state {@code ESTABLISHED}, {@code CLOSE_WAIT} (the other end has closed, this one not),
     *         {@code LISTEN}...
     */
    public record Socket(int fd, String local, int localPort, String remote, int remotePort, String state) {

        @Override
        public String toString() {
            return "fd " + fd + ": " + local + " -> " + remote + " " + state;
        }
    }

    private OpenSockets() {}

    /** Whether this platform lists sockets this way (Linux does). */
    public static boolean listable() {
        return Files.isDirectory(PROC_FD) && Files.isReadable(TCP_TABLES.get(0));
    }

    /** Every TCP socket this process has open, by descriptor number. */
    public static List<Socket> list() {
        Map<Long, Integer> fdByInode = socketDescriptors();
        List<Socket> sockets = new ArrayList<>();
        for (Path table : TCP_TABLES) {
            List<String> lines;
            try {
                lines = Files.readAllLines(table);
            } catch (IOException | RuntimeException noTable) {
                continue; // no IPv6, or not Linux
            }
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
                String[] column = line.trim().split("\\s+");
                Integer fd = column.length > 9 ? fdByInode.get(Long.parseLong(column[9])) : null;
                if (fd != null) {
                    sockets.add(new Socket(
                            fd,
                            address(column[1]),
                            port(column[1]),
                            address(column[2]),
                            port(column[2]),
                            state(column[3])));
                }
            }
        }
        sockets.sort((a, b) -> Integer.compare(a.fd(), b.fd()));
        return sockets;
    }

    /** This process's connections to {@code port}: a client's ends, whatever their state. */
    public static List<Socket> connectedTo(int port) {
        return matching(socket -> socket.remotePort() == port);
    }

    /** The connections a server of this process accepted on {@code port} (its listening socket left out). */
    public static List<Socket> acceptedAt(int port) {
        return matching(socket -> socket.localPort() == port && !socket.state().equals("LISTEN"));
    }

    private static List<Socket> matching(Predicate<Socket> filter) {
        return list().stream().filter(filter).toList();
    }

    /** inode to descriptor number, for the entries of /proc/self/fd that are sockets: {@code socket:[12345]}. */
    private static Map<Long, Integer> socketDescriptors() {
        Map<Long, Integer> sockets = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC_FD)) {
            for (Path entry : entries) {
                try {
                    String target = Files.readSymbolicLink(entry).toString();
                    if (target.startsWith("socket:[")) {
                        sockets.put(
                                Long.parseLong(target.substring(8, target.length() - 1)),
                                Integer.parseInt(entry.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException closedMeanwhile) {
                    // closed while we listed, or the listing's own descriptor
                }
            }
        } catch (IOException | RuntimeException noProc) {
            // not Linux
        }
        return sockets;
    }

    /** {@code 0100007F:1F90} (IPv4) or 32 hex digits and a port (IPv6): the kernel's byte order, in hex. */
    private static String address(String hex) {
        String ip = hex.substring(0, hex.indexOf(':'));
        if (ip.length() == 32 && ip.startsWith("0000000000000000FFFF0000")) {
            ip = ip.substring(24); // an IPv4 address on an IPv6 socket, ::ffff:127.0.0.1
        }
        if (ip.length() == 8) {
            long word = Long.parseLong(ip, 16);
            return (word & 0xff) + "." + (word >> 8 & 0xff) + "." + (word >> 16 & 0xff) + "." + (word >> 24 & 0xff)
                    + ":" + port(hex);
        }
        StringBuilder v6 = new StringBuilder("[");
        for (int word = 0; word < 4; word++) {
            String w = ip.substring(word * 8, word * 8 + 8);
            // each 32-bit word is in host (little-endian) byte order
            String bytes = w.substring(6, 8) + w.substring(4, 6) + w.substring(2, 4) + w.substring(0, 2);
            v6.append(word == 0 ? "" : ":")
                    .append(Integer.toHexString(Integer.parseInt(bytes.substring(0, 4), 16)))
                    .append(':')
                    .append(Integer.toHexString(Integer.parseInt(bytes.substring(4), 16)));
        }
        return v6.append("]:").append(port(hex)).toString();
    }

    private static int port(String hex) {
        return Integer.parseInt(hex.substring(hex.indexOf(':') + 1), 16);
    }

    private static String state(String hex) {
        int state = Integer.parseInt(hex, 16);
        return state < STATES.length ? STATES[state] : "state " + hex;
    }
}
