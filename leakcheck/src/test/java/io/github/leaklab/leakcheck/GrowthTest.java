package io.github.leaklab.leakcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Growth per operation, both ways: a workload that keeps one more item per operation, and one that keeps nothing. */
class GrowthTest {

    @Test
    void a_workload_that_keeps_one_more_item_per_operation_grows_by_one_per_op() {
        List<Object> cache = new ArrayList<>();

        GrowthReport growth = Growth.of(Metric.count("cached items", "item", cache::size))
                .measure(5, 20, () -> cache.add(new Object()));

        assertThat(growth.perOp()).isCloseTo(1.0, within(1e-9));
        assertThat(growth.operations()).isEqualTo(100);
        assertThat(growth.total()).isEqualTo(100);
        assertThat(growth.toString()).startsWith("+1.00 item/op (cached items: 0 -> 100 over 100 ops");
    }

    @Test
    void a_bounded_workload_grows_by_nothing() {
        GrowthReport flat = Growth.of(Metric.count("pooled connections", "connection", () -> 7))
                .measure(4, 10, () -> {});

        assertThat(flat.perOp()).isZero();
        assertThat(flat.toString()).startsWith("+0.00 connection/op");
    }

    @Test
    void a_byte_metric_reads_in_binary_units() {
        AtomicLong bytes = new AtomicLong();

        GrowthReport growth =
                Growth.of(Metric.bytes("retained", bytes::get)).measure(3, 10, () -> bytes.addAndGet(1024 * 1024));

        assertThat(growth.toString()).startsWith("+1.0 MiB/op (retained: 0 B -> 30.0 MiB over 30 ops");
    }
}
