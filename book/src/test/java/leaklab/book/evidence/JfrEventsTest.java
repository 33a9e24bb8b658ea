package leaklab.book.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The events of a jfr print output (a real recording of the leaking timer demo, JDK 17). */
class JfrEventsTest {

    private final List<JfrEvents.Event> events = JfrEvents.parse(Fixtures.read("jfr-print-timer.txt"));

    @Test
    void each_event_is_its_block_as_printed() {
        assertThat(events)
                .extracting(JfrEvents.Event::type)
                .containsExactly("jdk.OldObjectSample", "jdk.OldObjectSample", "jdk.ThreadStart", "jdk.ThreadStart");
        assertThat(events.get(0).text()).startsWith("jdk.OldObjectSample {\n").endsWith("\n}\n");
    }

    @Test
    void an_old_object_chain_starts_at_the_sampled_object_and_its_root_is_told_apart() {
        JfrEvents.Event sample = events.get(0);

        assertThat(sample.chain())
                .containsExactly(
                        "byte[32768]",
                        "hb : java.nio.HeapByteBuffer",
                        "outbound : leaklab.timer.Session",
                        "this$0 : leaklab.timer.Session$CloseWhenIdle");
        assertThat(sample.rootDescription()).hasValue("\"Thread Name: idle-timeout-user-697\"");
        assertThat(sample.rootField("system")).hasValue("Threads");
        assertThat(sample.rootField("type")).hasValue("Stack Variable");
    }

    @Test
    void a_thread_start_names_the_thread_it_started_without_its_id() {
        assertThat(events.get(2).threadName("thread")).hasValue("idle-timeout-user-530");
        assertThat(events.get(2).threadName("parentThread")).hasValue("main");
        assertThat(events.get(2).chain()).isEmpty();
        assertThat(events.get(2).rootDescription()).isEmpty();
        assertThat(events.get(2).rootField("system")).isEmpty();
    }
}
