package leaklab.catalog;

import java.util.List;

/**
 * What {@code ./diagnose} must conclude about a scenario's leaking demo: the descriptor keys
 * {@code diagnose.verdict} and {@code diagnose.suspect}. (Every fixed demo must get "no leak found".)
 *
 * <p>The suspect depends on the kind:
 * <ul>
 *   <li>{@code heap-leak}: the class whose instances pile up, {@code leaklab.timer.Session};</li>
 *   <li>{@code thread-leak}: the leaked threads' name prefix, {@code cancel-watcher-};</li>
 *   <li>{@code fd-leak}: the kind of file descriptor left open, one of {@link #FD_KINDS};</li>
 *   <li>{@code direct-memory-leak}: the class that pins the memory outside the heap,
 *       {@code java.nio.DirectByteBuffer}.</li>
 * </ul>
 *
 * <p>The tool samples for a few seconds, so the demo must leak visibly in that window and not
 * reach its own cap before the window ends: {@code diagnose.rate} sets the demo's rate for the
 * tool's tests, {@value #DEFAULT_RATE} operations a second by default.
 *
 * @param kind one of {@link #KINDS}
 * @param suspect what the verdict must name, as above
 * @param rate the demo's operations a second while the tool's tests sample it
 */
public record ExpectedVerdict(String kind, String suspect, int rate) {

    /** The demo's rate for the tool's tests when the descriptor does not set diagnose.rate. */
    public static final int DEFAULT_RATE = 25;

    /** The verdict, at the default rate. */
    public ExpectedVerdict(String kind, String suspect) {
        this(kind, suspect, DEFAULT_RATE);
    }

    public static final String HEAP_LEAK = "heap-leak";
    public static final String THREAD_LEAK = "thread-leak";
    public static final String FD_LEAK = "fd-leak";
    public static final String DIRECT_MEMORY_LEAK = "direct-memory-leak";
    /** The verdict kinds a leaking demo can expect, as the descriptor writes them. */
    public static final List<String> KINDS = List.of(HEAP_LEAK, THREAD_LEAK, FD_LEAK, DIRECT_MEMORY_LEAK);
    /** What a file descriptor is, as {@code /proc/<pid>/fd} tells: a path, {@code socket:[..]}, {@code pipe:[..]}... */
    public static final List<String> FD_KINDS = List.of("file", "socket", "pipe", "anon_inode", "other");

    /** Why {@code suspect} does not fit {@code kind}, or {@code null} if it does. */
    static String problem(String kind, String suspect) {
        if (!KINDS.contains(kind)) {
            return "diagnose.verdict must be one of " + KINDS + ", not \"" + kind + "\"";
        }
        boolean fits = switch (kind) {
            case HEAP_LEAK, DIRECT_MEMORY_LEAK -> suspect.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)+");
            case THREAD_LEAK -> !suspect.isBlank() && suspect.equals(suspect.strip());
            default -> FD_KINDS.contains(suspect);
        };
        if (fits) {
            return null;
        }
        return "diagnose.suspect must be "
                + switch (kind) {
                    case HEAP_LEAK, DIRECT_MEMORY_LEAK -> "a fully qualified class name for a " + kind;
                    case THREAD_LEAK -> "the leaked threads' name prefix for a " + kind;
                    default -> "one of " + FD_KINDS + " for an " + kind;
                }
                + ", not \"" + suspect + "\"";
    }
}
