package leaklab.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DemoOptionsTest {

    @Test
    void no_arguments_give_the_defaults() throws Exception {
        DemoOptions options = DemoOptions.parse();

        assertThat(options).isEqualTo(DemoOptions.defaults());
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.rate()).isEqualTo(50);
        assertThat(options.maxHeapUsedBytes()).isEqualTo(64L << 20);
        assertThat(options.csv()).isNull();
        assertThat(options.help()).isFalse();
    }

    @Test
    void every_option_is_read_with_a_space_or_an_equals_sign() throws Exception {
        DemoOptions options = DemoOptions.parse(
                "--duration",
                "30s",
                "--rate=200",
                "--max-heap-used",
                "96m",
                "--csv=target/gauge.csv",
                "--look-at",
                "100,500");

        assertThat(options)
                .isEqualTo(new DemoOptions(
                        Duration.ofSeconds(30),
                        200,
                        96L << 20,
                        DemoOptions.DEFAULT_MAX_THREADS,
                        Path.of("target/gauge.csv"),
                        List.of(100L, 500L),
                        false));
    }

    @ParameterizedTest(name = "--look-at {0} is refused")
    @CsvSource(
            delimiter = ';',
            value = {"0", "500,100", "100,100", "a,b", "''"})
    void looks_are_counts_of_operations_each_after_the_one_before(String text) {
        assertThatThrownBy(() -> DemoOptions.parse("--look-at", text))
                .isInstanceOf(DemoOptions.BadOption.class)
                .hasMessageStartingWith("--look-at");
    }

    @ParameterizedTest(name = "{0} is {1} ms")
    @CsvSource({"1500ms, 1500", "45s, 45000", "2m, 120000", "1h, 3600000", "10S, 10000"})
    void durations_take_a_unit(String text, long millis) throws Exception {
        assertThat(DemoOptions.parse("--duration", text).duration()).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "{0} is {1} bytes")
    @CsvSource({"1048576, 1048576", "2048k, 2097152", "64m, 67108864", "64M, 67108864", "1g, 1073741824"})
    void sizes_take_an_optional_binary_unit(String text, long bytes) throws Exception {
        assertThat(DemoOptions.parse("--max-heap-used", text).maxHeapUsedBytes())
                .isEqualTo(bytes);
    }

    @Test
    void the_thread_cap_is_read_and_has_a_default() throws Exception {
        assertThat(DemoOptions.defaults().maxThreads()).isEqualTo(DemoOptions.DEFAULT_MAX_THREADS);
        assertThat(DemoOptions.parse("--max-threads", "500").maxThreads()).isEqualTo(500);
    }

    @Test
    void help_wins_over_everything_after_it() throws Exception {
        assertThat(DemoOptions.parse("--help", "--bogus").help()).isTrue();
        assertThat(DemoOptions.parse("--rate", "5", "-h").help()).isTrue();
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            --bogus                      | unknown option --bogus
            --rate                       | --rate needs a value
            --rate --duration 5s         | --rate needs a value
            --rate=                      | --rate needs a value
            --rate x                     | --rate: expected a whole number, got "x"
            --rate 0                     | --rate: 0 is outside 1 to 10000
            --rate -5                    | --rate: -5 is outside 1 to 10000
            --rate 10001                 | --rate: 10001 is outside 1 to 10000
            --rate 99999999999           | --rate: expected a whole number, got "99999999999"
            --duration 30                | --duration: expected a time such as 30s, 2m or 1h, got "30"
            --duration 500ms             | --duration: 500ms is outside 1s to 24h (the gauge ticks once a second)
            --duration 25h               | --duration: 25h is outside 1s to 24h (the gauge ticks once a second)
            --max-heap-used 64x          | --max-heap-used: expected a size such as 64m or 1g, got "64x"
            --max-heap-used 1000k        | --max-heap-used: 1000k is below 1m
            --max-heap-used 99999999999g | --max-heap-used: 99999999999g is too large
            --max-threads many           | --max-threads: expected a whole number, got "many"
            --max-threads 10             | --max-threads: 10 is outside 50 to 10000
            30s                          | unexpected argument "30s" (options start with --)
            """)
    void bad_input_gets_one_line_that_names_the_option(String commandLine, String message) {
        String[] args = commandLine.strip().split("\\s+");

        assertThatThrownBy(() -> DemoOptions.parse(args))
                .isInstanceOf(DemoOptions.BadOption.class)
                .hasMessage(message)
                .hasNoCause();
    }

    @Test
    void the_usage_names_every_option_and_what_the_rate_counts() {
        String usage = DemoOptions.usage("TimerDemo", "sessions opened per second");

        assertThat(usage.lines().findFirst())
                .hasValue(
                        "usage: TimerDemo [--duration TIME] [--rate N] [--max-heap-used SIZE] [--max-threads N] [--csv FILE] [--look-at N,M...] [--help]");
        assertThat(usage)
                .contains(
                        "--duration TIME",
                        "--rate N              sessions opened per second",
                        "--max-heap-used SIZE",
                        "--csv FILE",
                        "--help");
    }
}
