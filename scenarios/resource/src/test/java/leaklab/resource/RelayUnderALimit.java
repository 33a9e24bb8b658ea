package leaklab.resource;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;

/**
 * A relay alone in a JVM of its own, for a test that starts it under a low limit of open files
 * ({@code ulimit -n}): it forwards requests to the upstream at {@code args[0]}, one after the other,
 * up to {@code args[1]} of them, and stops at the first reply that says the process ran out of
 * descriptors. Then it prints what happened, and its descriptors against its limit.
 */
public final class RelayUnderALimit {

    static final String OUT_OF_DESCRIPTORS = "Too many open files";

    private RelayUnderALimit() {}

    public static void main(String[] args) {
        URI upstream = URI.create(args[0]);
        int requests = Integer.parseInt(args[1]);
        Map<Integer, Integer> replies = new TreeMap<>();
        // Counted once before the requests: at the limit, even the library that counts cannot be loaded.
        System.out.println("Open descriptors before the first request: " + openFiles());
        try (Relay relay = new Relay(upstream)) {
            for (int n = 1; n <= requests; n++) {
                Reply reply = relay.forward("/quotes/ACME");
                replies.merge(reply.status(), 1, Integer::sum);
                if (reply.body().contains(OUT_OF_DESCRIPTORS)) {
                    System.out.println("Request " + n + " got a " + reply.status() + ": " + reply.body());
                    break;
                }
            }
            System.out.println("Replies by status: " + replies + "; open descriptors: " + openFiles());
        }
    }

    private static String openFiles() {
        var bean = (com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try {
            return bean.getOpenFileDescriptorCount() + " of a limit of " + bean.getMaxFileDescriptorCount();
        } catch (InternalError e) {
            // Counting lists /proc/self/fd, which takes a descriptor of its own.
            return "none left to count them with (" + e.getMessage().strip() + "), a limit of "
                    + bean.getMaxFileDescriptorCount();
        }
    }
}
