package dev.jprefect.client.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Events and event filters on the wire, with Prefect's field names. */
class EventJsonTest {

    private final JsonCodec json = JsonCodec.standard();

    @Test
    void anEventFromPrefectsServerReadsWithItsResourcesAndPayload() {
        String wire = "{\"occurred\":\"2026-11-29T17:00:00.123456Z\",\"event\":\"prefect.flow-run.Completed\","
                + "\"resource\":{\"prefect.resource.id\":\"prefect.flow-run.5a0c\",\"prefect.state-type\":\"COMPLETED\"},"
                + "\"related\":[{\"prefect.resource.id\":\"prefect.flow.77\",\"prefect.resource.role\":\"flow\"}],"
                + "\"payload\":{\"intended\":{\"from\":\"RUNNING\",\"to\":\"COMPLETED\"}},"
                + "\"id\":\"0193f1c2-0000-7000-8000-000000000001\",\"follows\":null,\"received\":\"2026-11-29T17:00:00.2Z\"}";

        Event event = json.fromJson(wire, Event.class);

        assertThat(event.event()).isEqualTo("prefect.flow-run.Completed");
        assertThat(event.resourceId()).isEqualTo("prefect.flow-run.5a0c");
        assertThat(event.resource()).containsEntry("prefect.state-type", "COMPLETED");
        assertThat(event.related()).containsExactly(Map.of(Event.RESOURCE_ID, "prefect.flow.77", Event.RESOURCE_ROLE, "flow"));
        assertThat(event.payload()).containsEntry("intended", Map.of("from", "RUNNING", "to", "COMPLETED"));
        assertThat(event.occurred()).isEqualTo(OffsetDateTime.of(2026, 11, 29, 17, 0, 0, 123_456_000, ZoneOffset.UTC));
        assertThat(event.follows()).isNull();
    }

    @Test
    void anEventWritesPrefectsFieldNames() {
        UUID id = UUID.fromString("0193f1c2-0000-7000-8000-000000000002");
        Event event = new Event(OffsetDateTime.of(2026, 11, 29, 17, 0, 0, 0, ZoneOffset.UTC), "acme.deployed",
                Map.of(Event.RESOURCE_ID, "acme.model"), List.of(), Map.of(), id, null)
                .withRelated("prefect.flow-run.1", "flow-run");

        @SuppressWarnings("unchecked")
        Map<String, Object> wire = json.fromJson(json.toJson(event), Map.class);

        assertThat(wire.keySet()).contains("occurred", "event", "resource", "related", "payload", "id");
        assertThat(wire.get("related")).isEqualTo(List.of(Map.of(Event.RESOURCE_ID, "prefect.flow-run.1",
                Event.RESOURCE_ROLE, "flow-run")));
        assertThat(wire.get("id")).isEqualTo(id.toString());
    }

    @Test
    void aFilterSendsOnlyItsPartsWithPrefectsNames() {
        EventFilter filter = EventFilter.all()
                .withEvent(EventFilter.Name.prefix("prefect.flow-run."))
                .withAnyResource(EventFilter.Resource.idPrefix("prefect.flow-run.1"));

        assertThat(json.toJson(filter)).isEqualTo("{\"event\":{\"prefix\":[\"prefect.flow-run.\"]},"
                + "\"any_resource\":{\"id_prefix\":[\"prefect.flow-run.1\"]}}");
    }
}
