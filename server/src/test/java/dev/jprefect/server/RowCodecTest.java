package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.internal.json.Json;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.RowCodec;
import dev.jprefect.server.internal.storage.StateRow;
import dev.jprefect.server.internal.storage.StateType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Rows as a durable store keeps them: written as JSON and read back field for field. */
class RowCodecTest {

    @Test
    void aRunWithItsStateReadsBackAsWrittenAtEveryPrecisionAndRangeOfTime() {
        List<Instant> times = List.of(Instant.EPOCH, Instant.parse("2026-01-02T03:04:05Z"),
                Instant.parse("2026-01-02T03:04:05.120Z"), Instant.parse("2026-01-02T03:04:05.123456Z"),
                Instant.parse("2026-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59.500Z"), Instant.MIN, Instant.MAX);
        for (Instant t : times) {
            FlowRunRow run = new FlowRunRow();
            run.id = UUID.randomUUID();
            run.created = t;
            run.updated = t;
            run.name = "run";
            run.tags = List.of("a", "b");
            run.runCount = 3;
            run.autoScheduled = true;
            run.totalRunTime = Duration.ofMillis(1500);
            run.parameters = object("{\"n\":1,\"x\":1.5,\"big\":123456789012345678901234567890,\"list\":[true,null,\"s\"]}");
            StateRow state = new StateRow();
            state.id = UUID.randomUUID();
            state.runId = run.id;
            state.type = StateType.FAILED;
            state.name = "Failed";
            state.timestamp = t;
            state.data = Json.parse("[1,{\"k\":\"v\"}]");
            state.details.flowRunId = run.id;
            run.state = state;

            String written = RowCodec.write(run);
            FlowRunRow back = RowCodec.read(FlowRunRow.class, written);
            assertThat(back.created).as(written).isEqualTo(t);
            assertThat(back.state.timestamp).isEqualTo(t);
            assertThat(back.parameters).isEqualTo(run.parameters);
            assertThat(back.state.data).isEqualTo(state.data);
            assertThat(back.state.type).isEqualTo(StateType.FAILED);
            assertThat(RowCodec.write(back)).isEqualTo(written);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String json) {
        return (Map<String, Object>) Json.parse(json);
    }
}
