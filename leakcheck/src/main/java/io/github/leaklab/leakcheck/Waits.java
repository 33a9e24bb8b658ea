package io.github.leaklab.leakcheck;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Polling with goleak's backoff: 1 ms, doubling, capped at 100 ms. */
final class Waits {

    private Waits() {}

    /** Retries {@code check} until it returns true or {@code deadline} passes; whether it ever returned true. */
    static boolean until(Duration deadline, BooleanSupplier check) {
        long end = System.nanoTime() + deadline.toNanos();
        long pause = TimeUnit.MILLISECONDS.toNanos(1);
        final long maxPause = TimeUnit.MILLISECONDS.toNanos(100);
        while (true) {
            if (check.getAsBoolean()) {
                return true;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(Math.min(pause, left));
            pause = Math.min(pause * 2, maxPause);
        }
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
