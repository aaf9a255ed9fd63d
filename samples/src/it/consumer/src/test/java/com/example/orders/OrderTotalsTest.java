package com.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.Flow;
import dev.jprefect.harness.TestRuns;
import dev.jprefect.harness.assertj.PrefectAssertions;
import dev.jprefect.harness.junit.PrefectTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@PrefectTest
class OrderTotalsTest {

    @Test
    void totals_the_lines_in_one_task_run_each(TestRuns runs) {
        assertThat(OrderTotals.TOTAL.call(List.of("1", " 2", "39"))).isEqualTo(42);

        PrefectAssertions.assertThat(runs.flowRun("order-total")).isCompleted().hasTaskRuns(3);
    }

    @Test
    void a_missing_file_fails_the_read_task_and_the_flow(@TempDir Path dir, TestRuns runs) throws IOException {
        Path orders = Files.writeString(dir.resolve("orders.txt"), "2\n3\n");

        OrderTotals.REPORT.call(orders);
        var missing = OrderTotals.REPORT.callForState(dir.resolve("missing.txt"));

        assertThat(missing.failure().orElseThrow()).hasRootCauseInstanceOf(NoSuchFileException.class);
        PrefectAssertions.assertThat(runs.flowRuns("order-report").get(0), runs).isCompleted();
    }

    /** Package-private, in a package the module does not open to dev.jprefect.api. */
    record Shipment(String id, int parcels) {
    }

    @Test
    void a_record_in_a_closed_package_is_recorded_whole_on_the_module_path(TestRuns runs) {
        Flow<Shipment, Integer> ship = Flow.of("ship", (Shipment s) -> s.parcels());

        assertThat(ship.call(new Shipment("s-1", 2))).isEqualTo(2);

        Map<String, Object> parameters = runs.flowRun("ship").parameters();
        if (Shipment.class.getModule().isNamed()) {
            // jprefect cannot read it; it warns once, naming the 'opens' line to add
            assertThat(parameters).containsOnlyKeys("input");
        } else {
            assertThat(parameters).containsEntry("id", "s-1").containsEntry("parcels", 2L);
        }
    }
}
