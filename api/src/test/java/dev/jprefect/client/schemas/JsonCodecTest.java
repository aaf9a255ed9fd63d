package dev.jprefect.client.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
    private final JsonCodec json = JsonCodec.standard();
    private final UUID id = UUID.fromString("5f1b5c8e-6d0a-4a57-9d3c-1a2b3c4d5e6f");

    @Test
    void readsAFlowRunAsTheServerWritesItIgnoringUnknownFields() {
        String body = "{\"id\":\"" + id + "\",\"created\":\"2024-06-01T12:00:00.123456Z\","
                + "\"updated\":\"2024-06-01T12:00:01+02:00\",\"name\":\"crimson-fox\",\"flow_id\":\"" + id + "\","
                + "\"parameters\":{\"x\":1,\"y\":null},\"state_type\":\"RUNNING\",\"run_count\":2,"
                + "\"empirical_policy\":{\"retries\":3,\"retry_delay\":10,\"brand_new_policy_field\":true},"
                + "\"state\":{\"id\":\"" + id + "\",\"type\":\"RUNNING\",\"name\":\"Running\","
                + "\"timestamp\":\"2024-06-01T12:00:00Z\",\"state_details\":{\"flow_run_id\":\"" + id + "\"}},"
                + "\"a_field_from_a_newer_server\":{\"nested\":[1,2,3]}}";

        FlowRun run = json.fromJson(body, FlowRun.class);

        assertThat(run.id()).isEqualTo(id);
        assertThat(run.created()).isEqualTo(OffsetDateTime.of(2024, 6, 1, 12, 0, 0, 123_456_000, ZoneOffset.UTC));
        assertThat(run.updated().getOffset()).isEqualTo(ZoneOffset.ofHours(2));
        assertThat(run.stateType()).isEqualTo(StateType.RUNNING);
        assertThat(run.runCount()).isEqualTo(2);
        assertThat(run.totalRunTime()).isZero();
        assertThat(run.parameters()).containsEntry("x", 1L).containsEntry("y", null);
        assertThat(run.empiricalPolicy().retries()).isEqualTo(3);
        assertThat(run.state().stateDetails().flowRunId()).isEqualTo(id);
        assertThat(run.tags()).isEmpty();
    }

    @Test
    void writesSnakeCaseNamesAndLeavesOutNulls() {
        FlowRunCreate body = FlowRunCreate.of(id).withName("nightly").withState(StateCreate.of(StateType.PENDING));

        assertThat(json.toJson(body)).isEqualTo("{\"state\":{\"type\":\"PENDING\",\"name\":\"Pending\","
                + "\"state_details\":{}},\"name\":\"nightly\",\"flow_id\":\"" + id + "\",\"parameters\":{},"
                + "\"context\":{},\"empirical_policy\":{\"max_retries\":0,\"retry_delay_seconds\":0.0,"
                + "\"resuming\":false},\"tags\":[]}");
    }

    @Test
    void writesDateTimesWithOffsetAndMicroseconds() {
        LogCreate log = new LogCreate("x", 20, "m",
                OffsetDateTime.of(2024, 6, 1, 12, 0, 0, 123_456_789, ZoneOffset.UTC), null, null);
        assertThat(json.toJson(log)).contains("\"timestamp\":\"2024-06-01T12:00:00.123456Z\"");
        LogCreate whole = new LogCreate("x", 20, "m",
                OffsetDateTime.of(2024, 6, 1, 12, 0, 0, 0, ZoneOffset.ofHours(-5)), null, null);
        assertThat(json.toJson(whole)).contains("\"timestamp\":\"2024-06-01T12:00:00-05:00\"");
    }

    @Test
    void writesFilterPartsWithTheirTrailingUnderscores() {
        FlowRunQuery query = FlowRunQuery.all()
                .withFlowRuns(FlowRunFilter.all().withId(IdFilter.anyOf(id))
                        .withState(StateFilter.typeIn(StateType.FAILED)).withOperator(Operator.OR))
                .withSort(FlowRunSort.END_TIME_DESC).withLimit(5);
        assertThat(json.toJson(query)).isEqualTo("{\"flow_runs\":{\"operator\":\"or_\",\"id\":{\"any_\":[\"" + id
                + "\"]},\"state\":{\"type\":{\"any_\":[\"FAILED\"]}}},\"sort\":\"END_TIME_DESC\",\"limit\":5}");
    }

    @Test
    void readsAndWritesOrchestrationDetailsByType() {
        OrchestrationResult result = json.fromJson("{\"status\":\"WAIT\",\"state\":null,"
                + "\"details\":{\"type\":\"wait_details\",\"delay_seconds\":5,\"reason\":\"busy\"}}",
                OrchestrationResult.class);
        assertThat(result.status()).isEqualTo(SetStateStatus.WAIT);
        assertThat(result.details()).isEqualTo(new StateWaitDetails(5L, "busy"));
        assertThat(json.toJson(new OrchestrationResult(null, SetStateStatus.ACCEPT, new StateAcceptDetails())))
                .isEqualTo("{\"status\":\"ACCEPT\",\"details\":{\"type\":\"accept_details\"}}");
    }

    @Test
    void readsAndWritesTaskInputsByInputType() {
        TaskRunCreate body = TaskRunCreate.of(id, "k", "0").withTaskInputs(Map.of("x",
                List.of(new TaskRunResult(id), new Parameter("p"))));
        String text = json.toJson(body);
        assertThat(text).contains("\"task_inputs\":{\"x\":[{\"input_type\":\"task_run\",\"id\":\"" + id
                + "\"},{\"input_type\":\"parameter\",\"name\":\"p\"}]}");
        assertThat(json.fromJson(text, TaskRunCreate.class).taskInputs().get("x"))
                .containsExactly(new TaskRunResult(id), new Parameter("p"));
    }

    @Test
    void badValuesNameTheTypeAndThePath() {
        assertThatThrownBy(() -> json.fromJson("{\"id\":\"not-a-uuid\"}", Flow.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Flow").hasMessageContaining("$.id").hasMessageContaining("not-a-uuid");
        assertThatThrownBy(() -> json.fromJson("{\"timestamp\":\"yesterday\"}", Log.class))
                .hasMessageContaining("$.timestamp");
    }

    @Test
    void readsListsAndAnyJsonValue() {
        List<Variable> vars = json.listFromJson("[{\"name\":\"a\",\"value\":{\"k\":[true]}}]", Variable.class);
        assertThat(vars).singleElement().satisfies(v -> assertThat(v.value()).isEqualTo(Map.of("k", List.of(true))));
    }

    @Test
    void numbersKeepTheirJsonType() {
        Object value = json.fromJson("{\"n\":1,\"x\":1.5,\"e\":1e3,\"big\":123456789012345678901234567890}", Object.class);
        assertThat(value).isEqualTo(Map.of("n", 1L, "x", 1.5, "e", 1000.0,
                "big", new java.math.BigInteger("123456789012345678901234567890")));
        assertThat(json.toJson(value)).isEqualTo("{\"n\":1,\"x\":1.5,\"e\":1000.0,\"big\":123456789012345678901234567890}");
    }
}
