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

/** The fix for {@link AsyncClientNeverClosed}: the client in try-with-resources; close() stops its reactor. */
@LeakCheck
public class AsyncClientClosed {

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
    void fetches_the_front_page() throws IOException, InterruptedException, ExecutionException, TimeoutException {
        try (CloseableHttpAsyncClient client = HttpAsyncClients.createDefault()) {
            client.start();
            SimpleHttpResponse response = client.execute(SimpleHttpRequest.create("GET", server.url()), null)
                    .get(10, TimeUnit.SECONDS);
            assertThat(response.getBodyText()).contains("front page");
        }
    }
}
