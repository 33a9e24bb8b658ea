package io.github.leaklab.leakcheck.examples.readme;

import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.TimeUnit;

/** The code under test in the README's example: it schedules a report on a Timer of its own, and cancels it on close(). */
public final class ReportScheduler implements AutoCloseable {

    private final Timer timer = new Timer("report-scheduler", true);

    public void scheduleNightly(Runnable report) {
        timer.scheduleAtFixedRate(
                new TimerTask() {
                    @Override
                    public void run() {
                        report.run();
                    }
                },
                TimeUnit.HOURS.toMillis(24),
                TimeUnit.HOURS.toMillis(24));
    }

    @Override
    public void close() {
        timer.cancel();
    }
}
