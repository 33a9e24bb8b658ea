package io.github.leaklab.leakcheck.examples.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.leaklab.leakcheck.examples.Examples;
import org.junit.jupiter.api.Test;

/** Apache HttpClient 5 under {@code @LeakCheck}: both clients fail when never closed, and pass when closed. */
class HttpClient5ExamplesTest {

    @Test
    void a_classic_client_never_closed_leaves_its_socket_open_until_a_gc() {
        Examples.Result notClosed = Examples.run(ClassicClientNeverClosed.class);

        assertThat(notClosed.failure())
                .contains("closed only by a garbage collection")
                .contains("socket:[...]")
                .contains("The JDK's Cleaner closed");
        System.out.println(notClosed.failure());
    }

    @Test
    void a_classic_client_closed_passes() {
        Examples.Result closed = Examples.run(ClassicClientClosed.class);

        assertThat(closed.failures()).isEmpty();
        assertThat(closed.succeeded()).isEqualTo(1);
    }

    @Test
    void an_async_client_never_closed_leaks_its_reactor_threads() {
        Examples.Result notClosed = Examples.run(AsyncClientNeverClosed.class);

        assertThat(notClosed.failure())
                .contains("still running")
                .contains("called from " + AsyncClientNeverClosed.class.getName() + ".fetches_the_front_page(line ");
        System.out.println(notClosed.failure());
    }

    @Test
    void an_async_client_closed_passes() {
        Examples.Result closed = Examples.run(AsyncClientClosed.class);

        assertThat(closed.failures()).isEmpty();
        assertThat(closed.succeeded()).isEqualTo(1);
    }
}
