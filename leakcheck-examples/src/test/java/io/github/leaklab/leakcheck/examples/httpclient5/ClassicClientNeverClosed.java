package io.github.leaklab.leakcheck.examples.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.leaklab.leakcheck.examples.LocalServer;
import io.github.leaklab.leakcheck.junit.LeakCheck;
import java.io.IOException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The misuse: Apache HttpClient 5's classic client made for a call and dropped, not closed. It
 * starts no thread, but its connection manager keeps the connection for the next call: the socket
 * stays open until a garbage collection lets the JDK's Cleaner close it. {@link ClassicClientClosed}
 * is the fix.
 */
@LeakCheck
public class ClassicClientNeverClosed {

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
    void fetches_the_front_page() throws IOException {
        CloseableHttpClient client = HttpClients.createDefault(); // never closed
        String page = client.execute(new HttpGet(server.url()), response -> EntityUtils.toString(response.getEntity()));
        assertThat(page).contains("front page");
    }
}
