package io.github.leaklab.leakcheck.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.leaklab.leakcheck.heap.HeapDump;
import io.github.leaklab.leakcheck.heap.Retention;
import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * This module's classpath is a user's: leakcheck and OkHttp, which brings its own Kotlin and okio.
 * leakcheck's Shark, okio and Kotlin are inside it, renamed, so they cannot clash with OkHttp's;
 * and its heap analysis runs beside them.
 */
class WhatLeakcheckBringsTest {

    static final ClassLoader CLASSPATH = WhatLeakcheckBringsTest.class.getClassLoader();

    @Test
    void no_shark_reaches_the_classpath_and_kotlin_and_okio_are_the_users_own() throws Exception {
        assertThatThrownBy(() -> Class.forName("shark.HeapAnalyzer")).isInstanceOf(ClassNotFoundException.class);
        assertThat(copiesOf("shark/HeapAnalyzer.class")).isEmpty();
        // One Kotlin runtime and one okio: OkHttp's.
        assertThat(copiesOf("kotlin/KotlinVersion.class"))
                .singleElement()
                .asString()
                .contains("kotlin-stdlib-2.");
        assertThat(copiesOf("okio/Buffer.class")).singleElement().asString().contains("okio-jvm-3.");
        assertThat(Class.forName("kotlin.KotlinVersion").getField("CURRENT").get(null))
                .hasToString("2.1.21");
        // leakcheck's own, renamed: the Kotlin runtime Shark was built with.
        assertThat(Class.forName("io.github.leaklab.leakcheck.shaded.kotlin.KotlinVersion")
                        .getField("CURRENT")
                        .get(null))
                .hasToString("1.3.72");
    }

    @Test
    void a_heap_analysis_runs_beside_okhttps_kotlin() throws IOException {
        OkHttpClient client = new OkHttpClient();
        HELD.add(client);
        try (HeapDump dump = HeapDump.ofThisJvm()) {
            Retention clients = dump.pathsTo(OkHttpClient.class.getName());

            assertThat(clients.retained()).isEqualTo(1);
            assertThat(clients.shortestPathHops()).contains("WhatLeakcheckBringsTest.HELD");
        } finally {
            HELD.clear();
        }
    }

    static final List<Object> HELD = new java.util.ArrayList<>();

    private static List<URL> copiesOf(String resource) throws IOException {
        return Collections.list(CLASSPATH.getResources(resource));
    }
}
