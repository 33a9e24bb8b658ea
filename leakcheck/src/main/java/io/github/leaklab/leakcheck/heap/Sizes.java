package io.github.leaklab.leakcheck.heap;

import java.util.Locale;

/**
 * The one way leakcheck writes a size: binary units, as the JDK's tools print them
 * ({@code 1 KiB = 1024 B}). Shark's own traces print decimal kB; leakcheck rewrites them with this,
 * so that no message mixes the two.
 */
public final class Sizes {

    private Sizes() {}

    /** {@code 512 B}, {@code 192.0 KiB}, {@code 1.5 MiB}, {@code 2.00 GiB}. */
    public static String format(double bytes) {
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
