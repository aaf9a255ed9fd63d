package dev.jprefect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.client.schemas.CronSchedule;
import dev.jprefect.client.schemas.DeploymentCreate;
import dev.jprefect.client.schemas.DeploymentScheduleCreate;
import dev.jprefect.client.schemas.IntervalSchedule;
import dev.jprefect.client.schemas.RRuleSchedule;
import dev.jprefect.internal.json.SchemaJson;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a deployment of a flow registers, and the bad input it refuses before anything is sent. */
class FlowDeploymentTest {

    /** A flow's parameters. */
    public record Order(String customer, int quantity, Optional<String> note, Address address, List<Color> colors) {
    }

    /** A nested record, a definition in the schema. */
    public record Address(String city, int zipCode) {
    }

    /** An enum, a definition in the schema. */
    public enum Color { RED, BLUE }

    /** An entrypoint's target. */
    public static final Flow<Order, String> FULFIL = Flow.of("fulfil", (Order o) -> o.customer());

    /** An entrypoint's target, as a method. */
    public static Flow<Void, String> hello() {
        return Flow.of("hello", () -> "hi");
    }

    /** Not a flow. */
    public static final String NOT_A_FLOW = "x";

    private static final UUID FLOW_ID = UUID.fromString("5f1b5c8e-6d0a-4a57-9d3c-1a2b3c4d5e6f");

    @Test
    void the_parameter_schema_is_in_prefects_form() {
        DeploymentCreate body = FlowDeployment.of(FULFIL, Order.class, "nightly").toCreate(FLOW_ID);

        // Prefect's parameter_schema of the same signature (a pydantic model for the nested record).
        assertThat(SchemaJson.CODEC.toJson(body.parameterOpenapiSchema())).isEqualTo("{\"title\":\"Parameters\","
                + "\"type\":\"object\",\"properties\":{"
                + "\"customer\":{\"type\":\"string\",\"position\":0,\"title\":\"customer\"},"
                + "\"quantity\":{\"type\":\"integer\",\"position\":1,\"title\":\"quantity\"},"
                + "\"note\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"null\"}],\"position\":2,\"title\":\"note\"},"
                + "\"address\":{\"$ref\":\"#/definitions/Address\",\"position\":3,\"title\":\"address\"},"
                + "\"colors\":{\"items\":{\"$ref\":\"#/definitions/Color\"},\"type\":\"array\",\"position\":4,"
                + "\"title\":\"colors\"}},"
                + "\"required\":[\"customer\",\"quantity\",\"address\",\"colors\"],"
                + "\"definitions\":{\"Address\":{\"properties\":{\"city\":{\"type\":\"string\",\"title\":\"City\"},"
                + "\"zipCode\":{\"type\":\"integer\",\"title\":\"Zipcode\"}},\"required\":[\"city\",\"zipCode\"],"
                + "\"title\":\"Address\",\"type\":\"object\"},"
                + "\"Color\":{\"enum\":[\"RED\",\"BLUE\"],\"title\":\"Color\",\"type\":\"string\"}}}");
    }

    @Test
    void a_flow_without_parameters_and_a_map_flow_have_their_schemas() {
        assertThat(FlowDeployment.of(hello(), "d").toCreate(FLOW_ID).parameterOpenapiSchema())
                .isEqualTo(Map.of("title", "Parameters", "type", "object", "properties", Map.of(),
                        "definitions", Map.of()));
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Map<String, Object>> mapType = (Class) Map.class;
        Flow<Map<String, Object>, Object> free = Flow.of("free", (Map<String, Object> m) -> m);
        assertThat(FlowDeployment.of(free, mapType, "d").withParameters(Map.of("anything", 1)).parameters())
                .containsEntry("anything", 1);
    }

    @Test
    void everything_given_is_in_the_body() {
        OffsetDateTime anchor = OffsetDateTime.parse("2026-01-01T00:30:00Z");
        DeploymentCreate body = FlowDeployment.of(FULFIL, Order.class, "nightly")
                .withCron("0 2 * * *", "Europe/Paris")
                .withInterval(Duration.ofHours(1), anchor)
                .withSchedule(DeploymentScheduleCreate.of(CronSchedule.of("0 12 * * mon", null)).withActive(false))
                .withParameters(Map.of("customer", "ada", "quantity", 3))
                .withTags("etl", "java").withDescription("fulfils").withVersion("1.2").withPaused(true)
                .toCreate(FLOW_ID);

        assertThat(body.name()).isEqualTo("nightly");
        assertThat(body.flowId()).isEqualTo(FLOW_ID);
        assertThat(body.schedules()).containsExactly(
                DeploymentScheduleCreate.of(CronSchedule.of("0 2 * * *", "Europe/Paris")),
                DeploymentScheduleCreate.of(IntervalSchedule.of(Duration.ofHours(1), anchor, null)),
                DeploymentScheduleCreate.of(CronSchedule.of("0 12 * * mon", null)).withActive(false));
        assertThat(body.parameters()).containsEntry("customer", "ada").containsEntry("quantity", 3);
        assertThat(body.tags()).containsExactly("etl", "java");
        assertThat(body.description()).isEqualTo("fulfils");
        assertThat(body.version()).isEqualTo("1.2");
        assertThat(body.paused()).isTrue();
    }

    @Test
    void an_invalid_cron_names_the_field_and_the_value() {
        FlowDeployment d = FlowDeployment.of(FULFIL, Order.class, "nightly").withCron("0 2 * * *", null);
        assertThatThrownBy(() -> d.withCron("61 2 * * *", "UTC")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schedules[1].cron: Invalid cron string: \"61 2 * * *\" (minute 61 is out of 0-59)");
    }

    @Test
    void an_unknown_time_zone_names_the_field_and_the_value() {
        FlowDeployment d = FlowDeployment.of(FULFIL, Order.class, "nightly");
        assertThatThrownBy(() -> d.withCron("0 2 * * *", "Mars/Olympus"))
                .hasMessage("schedules[0].timezone: Invalid timezone: \"Mars/Olympus\" (specify in IANA tzdata"
                        + " format, for example, America/New_York)");
        assertThatThrownBy(() -> d.withSchedule(DeploymentScheduleCreate.of(
                IntervalSchedule.of(Duration.ofMinutes(5), null, "+01:00"))))
                .hasMessageStartingWith("schedules[0].timezone: Invalid timezone: \"+01:00\"");
        assertThatThrownBy(() -> d.withSchedule(DeploymentScheduleCreate.of(new RRuleSchedule("FREQ=DAILY", null))))
                .hasMessage("schedules[0]: RRule schedules are not supported by the SDK yet");
    }

    @Test
    void default_parameters_that_do_not_fit_name_the_parameter() {
        FlowDeployment d = FlowDeployment.of(FULFIL, Order.class, "nightly");
        assertThatThrownBy(() -> d.withParameters(Map.of("quantity", "three")))
                .hasMessageStartingWith("parameters: parameter 'quantity' does not fit int (value \"three\"): ");
        assertThatThrownBy(() -> d.withParameters(Map.of("colour", "red")))
                .hasMessage("parameters: parameter 'colour' is unknown: Order has no component of that name");
        assertThatThrownBy(() -> d.withSchedule(DeploymentScheduleCreate.of(CronSchedule.of("0 2 * * *", null))
                .withParameters(Map.of("colors", List.of("GREEN")))))
                .hasMessageStartingWith("schedules[0].parameters: parameter 'colors' does not fit");
    }

    @Test
    void an_entrypoint_is_resolved_with_its_parameter_type_or_refused_naming_it() {
        FlowDeployment byField = FlowDeployment.fromEntrypoint(FlowDeploymentTest.class.getName() + "#FULFIL", "d");
        assertThat(byField.flow().name()).isEqualTo("fulfil");
        assertThat(byField.parameterType()).isEqualTo(Order.class);
        assertThat(byField.toCreate(FLOW_ID).entrypoint()).isEqualTo(FlowDeploymentTest.class.getName() + "#FULFIL");
        FlowDeployment byMethod = FlowDeployment.fromEntrypoint(FlowDeploymentTest.class.getName() + "#hello", "d");
        assertThat(byMethod.parameterType()).isEqualTo(Void.class);

        assertThatThrownBy(() -> FlowDeployment.fromEntrypoint("com.example.Absent#etl", "d"))
                .hasMessageStartingWith("entrypoint: \"com.example.Absent#etl\" names no flow: no class "
                        + "com.example.Absent");
        String notAFlow = FlowDeploymentTest.class.getName() + "#NOT_A_FLOW";
        assertThatThrownBy(() -> FlowDeployment.fromEntrypoint(notAFlow, "d"))
                .hasMessage("entrypoint: \"" + notAFlow + "\" names no flow: " + FlowDeploymentTest.class.getName()
                        + " has no public static field or no-argument method 'NOT_A_FLOW' of type Flow");
        assertThatThrownBy(() -> FlowDeployment.fromEntrypoint("flows.py:etl", "d"))
                .hasMessage("entrypoint: \"flows.py:etl\" names no flow: expected the form com.example.Flows#member");
        assertThatThrownBy(() -> FlowDeployment.of(FULFIL, Order.class, "d")
                .withEntrypoint(FlowDeploymentTest.class.getName() + "#hello"))
                .hasMessageEndingWith("names the flow 'hello', not 'fulfil'");
    }
}
