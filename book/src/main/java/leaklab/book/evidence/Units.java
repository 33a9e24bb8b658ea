package leaklab.book.evidence;

import java.util.Locale;

/** Sizes as the JDK tools and leakcheck print them: B, KiB, MiB, GiB. */
final class Units {

    private Units() {}

    static String bytes(double bytes) {
        double magnitude = Math.abs(bytes);
        if (magnitude < 1024) {
            return String.format(Locale.ROOT, "%.0f B", bytes);
        }
        if (magnitude < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024);
        }
        if (magnitude < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
