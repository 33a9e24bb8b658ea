package io.github.leaklab.leakcheck.examples.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.leaklab.leakcheck.examples.LocalServer;
import io.github.leaklab.leakcheck.junit.LeakCheck;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The misuse: Apache HttpClient 5's async client started for a call and never closed. Its I/O
 * reactor threads run until {@code close()}, and its connection pool keeps the socket.
 * {@link AsyncClientClosed} is the fix.
 */
@LeakCheck
public class AsyncClientNeverClosed {

    static LocalServer server;

    @BeforeAll
    static void startTheServer() throws IOException {
        server = LocalServer.start();
    }

    @AfterAll
    static void stopTheServer() {
        server.close();
    }

    @Test
    void fetches_the_front_page() throws InterruptedException, ExecutionException, TimeoutException {
        CloseableHttpAsyncClient client = HttpAsyncClients.createDefault(); // started, never closed
        client.start();
        SimpleHttpResponse response = client.execute(SimpleHttpRequest.create("GET", server.url()), null)
                .get(10, TimeUnit.SECONDS);
        assertThat(response.getBodyText()).contains("front page");
    }
}
