package com.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.harness.TestRuns;
import dev.jprefect.harness.assertj.PrefectAssertions;
import dev.jprefect.harness.junit.PrefectTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@PrefectTest
class OrderTotalsTest {

    @Test
    void totals_the_lines_in_one_task_run_each(TestRuns runs) {
        assertThat(OrderTotals.TOTAL.call(List.of("1", " 2", "39"))).isEqualTo(42);

        PrefectAssertions.assertThat(runs.flowRun("order-total")).isCompleted().hasTaskRuns(3);
    }
}
