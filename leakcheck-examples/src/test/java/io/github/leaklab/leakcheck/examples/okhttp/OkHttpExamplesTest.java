package io.github.leaklab.leakcheck.examples.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.leaklab.leakcheck.examples.Examples;
import org.junit.jupiter.api.Test;

/** OkHttp 5 under {@code @LeakCheck}: the client dropped fails with what it left; shut down, it passes. */
class OkHttpExamplesTest {

    @Test
    void a_client_dropped_after_its_call_fails_with_its_threads_and_sockets() {
        Examples.Result dropped = Examples.run(OkHttpClientNeverShutDown.class);

        assertThat(dropped.failure())
                .startsWith("@LeakCheck: the test \"fetches_the_front_page()\" leaked.")
                .contains("\"OkHttp TaskRunner\"")
                .contains("\"Okio Watchdog\"")
                .contains("called from " + OkHttpClientNeverShutDown.class.getName() + ".fetches_the_front_page(line ")
                .contains(" -> socket:[");
        System.out.println(dropped.failure());
    }

    @Test
    void a_client_shut_down_after_its_call_passes() {
        Examples.Result shutDown = Examples.run(OkHttpClientShutDown.class);

        assertThat(shutDown.failures()).isEmpty();
        assertThat(shutDown.succeeded()).isEqualTo(1);
    }
}
