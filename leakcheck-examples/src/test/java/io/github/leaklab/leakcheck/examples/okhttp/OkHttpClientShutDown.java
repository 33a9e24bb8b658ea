package io.github.leaklab.leakcheck.examples.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.leaklab.leakcheck.examples.LocalServer;
import io.github.leaklab.leakcheck.junit.LeakCheck;
import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fix for {@link OkHttpClientNeverShutDown}: when done with a client, shut its dispatcher's
 * executor down and evict its connection pool, as OkHttp's documentation says. What stays is
 * OkHttp's and okio's, shared by every client of the JVM: the task runner's idle thread and okio's
 * watchdog, which end by themselves a minute after their last work. They are nobody's leak, and
 * the annotation says so, by name, as goleak's {@code IgnoreTopFunction} is used for a library's
 * own background goroutines.
 */
// tag::fixed[]
@LeakCheck(ignoreThreadNames = {"OkHttp TaskRunner", "Okio Watchdog"})
public class OkHttpClientShutDown {
    // end::fixed[]

    static LocalServer server;

    @BeforeAll
    static void startTheServer() throws IOException {
        server = LocalServer.start();
    }

    @AfterAll
    static void stopTheServer() {
        server.close();
    }

    // tag::fixed[]
    @Test
    void fetches_the_front_page() throws IOException {
        OkHttpClient client = new OkHttpClient();
        try {
            Request request = new Request.Builder().url(server.url()).build();
            try (Response response = client.newCall(request).execute()) {
                assertThat(response.body().string()).contains("front page");
            }
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }
}
// end::fixed[]
