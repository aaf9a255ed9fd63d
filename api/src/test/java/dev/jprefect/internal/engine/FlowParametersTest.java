package dev.jprefect.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A run's parameters decoded into the flow's parameter type, and the misfits named. */
class FlowParametersTest {

    /** A flow's parameters. */
    public record Order(String customer, int quantity, Optional<String> note, List<Integer> sizes) {
        /** Refuses a negative quantity. */
        public Order {
            if (quantity < 0) {
                throw new IllegalArgumentException("quantity must not be negative");
            }
        }
    }

    private static final FlowParameters ORDER = FlowParameters.of(Order.class);

    @Test
    void a_record_is_built_from_its_components() {
        assertThat(ORDER.decode(Map.of("customer", "ada", "quantity", 3L, "sizes", List.of(1L, 2L))))
                .isEqualTo(new Order("ada", 3, Optional.empty(), List.of(1, 2)));
        assertThat(ORDER.decode(Map.of("customer", "ada", "quantity", 3L, "note", "fragile", "sizes", List.of())))
                .isEqualTo(new Order("ada", 3, Optional.of("fragile"), List.of()));
    }

    @Test
    void a_misfit_names_the_parameter() {
        assertThatThrownBy(() -> ORDER.decode(Map.of("customer", "ada", "quantity", "three", "sizes", List.of())))
                .hasMessageStartingWith("parameter 'quantity' does not fit int (value \"three\"): ");
        assertThatThrownBy(() -> ORDER.decode(Map.of("customer", "ada", "sizes", List.of())))
                .hasMessage("parameter 'quantity' is missing");
        assertThatThrownBy(() -> ORDER.decode(Map.of("customer", "ada", "quantity", 1L, "sizes", List.of("x"))))
                .hasMessageStartingWith("parameter 'sizes' does not fit java.util.List<java.lang.Integer>");
        assertThatThrownBy(() -> ORDER.decode(Map.of("customer", "ada", "quantity", 1L, "sizes", List.of(),
                "extra", 1L))).hasMessage("parameter 'extra' is unknown: Order has no component of that name");
        assertThatThrownBy(() -> ORDER.decode(Map.of("customer", "ada", "quantity", -1L, "sizes", List.of())))
                .hasMessage("the parameters do not fit Order: quantity must not be negative");
    }

    @Test
    void one_value_is_the_input_parameter_and_no_parameters_refuse_any() {
        FlowParameters single = FlowParameters.of(Integer.class);
        assertThat(single.decode(Map.of("input", 7L))).isEqualTo(7);
        assertThatThrownBy(() -> single.decode(Map.of("n", 7L)))
                .hasMessage("parameter 'n' is unknown: the flow takes 'input'");
        FlowParameters none = FlowParameters.of(Void.class);
        assertThat(none.decode(Map.of())).isNull();
        assertThatThrownBy(() -> none.decode(Map.of("n", 1L)))
                .hasMessage("parameter 'n' is unknown: the flow takes none");
    }

    @Test
    void a_type_without_a_json_form_is_refused_naming_the_parameter() {
        record WithThread(Thread worker) {
        }
        assertThatThrownBy(() -> FlowParameters.of(WithThread.class))
                .hasMessageStartingWith("parameter 'worker': type java.lang.Thread has no JSON form here");
    }
}
