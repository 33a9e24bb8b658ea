package io.github.leaklab.leakcheck.examples.readme;

import io.github.leaklab.leakcheck.junit.LeakCheck;
import org.junit.jupiter.api.Test;

/**
 * The README's example, as a user writes it: it fails, on purpose, so the build does not run it
 * (see this module's pom); {@code ReadmeTest} runs it and checks the README against it.
 */
// tag::example[]
@LeakCheck
class ReportSchedulerTest {

    @Test
    void schedules_the_nightly_report() {
        ReportScheduler scheduler = new ReportScheduler();
        scheduler.scheduleNightly(() -> System.out.println("nightly report"));
        // forgot: scheduler.close();
    }
}
// end::example[]
