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
 * The misuse: a new OkHttpClient for a call, dropped afterwards. The response is closed, so the
 * call is done; but the client's connection pool keeps the connection alive for the next call
 * (five minutes), a thread of OkHttp's task runner waits to close it then, and okio's watchdog
 * thread waits for timeouts. {@code OkHttpExamplesTest} runs this class and reads its failure;
 * {@link OkHttpClientShutDown} is the fix.
 */
// tag::leaking[]
@LeakCheck
public class OkHttpClientNeverShutDown {
    // end::leaking[]

    static LocalServer server;

    @BeforeAll
    static void startTheServer() throws IOException {
        server = LocalServer.start();
    }

    @AfterAll
    static void stopTheServer() {
        server.close();
    }

    // tag::leaking[]
    @Test
    void fetches_the_front_page() throws IOException {
        OkHttpClient client = new OkHttpClient(); // one client per call, never shut down
        Request request = new Request.Builder().url(server.url()).build();
        try (Response response = client.newCall(request).execute()) {
            assertThat(response.body().string()).contains("front page");
        }
    }
}
// end::leaking[]
