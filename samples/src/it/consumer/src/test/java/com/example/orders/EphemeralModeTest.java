package com.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.RunState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The flow as the application runs it, without the harness: no PREFECT_API_URL, ephemeral mode. */
class EphemeralModeTest {

    @Test
    void runs_the_flow_on_the_embedded_server() {
        RunState<Integer> state = OrderTotals.TOTAL.callForState(List.of("4", "5"));

        assertThat(state.isCompleted()).isTrue();
        assertThat(state.result()).isEqualTo(9);
    }
}
