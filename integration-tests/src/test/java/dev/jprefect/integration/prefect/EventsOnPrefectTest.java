package dev.jprefect.integration.prefect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.Flow;
import dev.jprefect.RunContext;
import dev.jprefect.RunState;
import dev.jprefect.client.EventSubscription;
import dev.jprefect.client.PrefectAsyncClient;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientException;
import dev.jprefect.client.schemas.Event;
import dev.jprefect.client.schemas.EventFilter;
import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.junit.PrefectTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * jprefect's event SDK against the real Prefect server: a subscription to its {@code /events/out}
 * over the JDK WebSocket (Prefect's protocol: subprotocol, {@code auth}, filter) sees the events
 * the real server emits for jprefect's own runs, and the events jprefect emits.
 */
@ExtendWith(RealPrefect.class)
@PrefectTest(mode = PrefectTestHarness.Mode.PREFECT_SERVER, scope = PrefectTest.Scope.PER_RUN)
class EventsOnPrefectTest {

    /** Every wait for an event is bounded: the real server delivers in well under a second. */
    private static final long WAIT_SECONDS = 60;

    /** Events of other tests' runs on the shared server may come first: skip at most this many. */
    private static final int MAX_EVENTS_SCANNED = 500;

    @Test
    void a_subscription_sees_the_state_change_events_of_a_jprefect_flow_run(PrefectClient client) throws Exception {
        EventFilter flowRuns = EventFilter.all()
                .withEvent(EventFilter.Name.prefix("prefect.flow-run."))
                .withResource(EventFilter.Resource.idPrefix("prefect.flow-run."));
        try (EventSubscription events = client.subscribeEvents(flowRuns)) {
            RunState<String> state = Flow.of("evented", () -> "done").callForState();

            String runResource = "prefect.flow-run." + state.runId();
            List<String> names = new ArrayList<>();
            for (int scanned = 0; scanned < MAX_EVENTS_SCANNED && !names.contains("prefect.flow-run.Completed"); scanned++) {
                Event event = events.next().get(WAIT_SECONDS, TimeUnit.SECONDS);
                if (event.resourceId().equals(runResource)) {
                    names.add(event.event());
                    assertThat(event.related()).anySatisfy(related -> assertThat(related)
                            .containsEntry(Event.RESOURCE_ROLE, "flow"));
                }
            }

            assertThat(names).containsSubsequence("prefect.flow-run.Pending", "prefect.flow-run.Running",
                    "prefect.flow-run.Completed");
        }
    }

    @Test
    void an_event_emitted_inside_a_run_arrives_related_to_the_run(PrefectClient client) throws Exception {
        String resource = "jprefect.test." + UUID.randomUUID();
        EventFilter mine = EventFilter.all().withResource(EventFilter.Resource.id(resource));
        try (EventSubscription events = client.subscribeEvents(mine)) {
            RunState<String> state = Flow.of("emitting", () -> {
                RunContext.current().emitEvent(Event.of("jprefect.test.emitted", resource)
                        .withPayload(Map.of("rows", 42)));
                return "ok";
            }).callForState();

            Event event = events.next().get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(event.event()).isEqualTo("jprefect.test.emitted");
            assertThat(event.resourceId()).isEqualTo(resource);
            assertThat(event.payload()).containsEntry("rows", 42L);
            assertThat(event.related()).contains(Map.of(Event.RESOURCE_ID, "prefect.flow-run." + state.runId(),
                    Event.RESOURCE_ROLE, "flow-run"));
        }
    }

    @Test
    void an_event_emitted_with_the_async_client_arrives(PrefectAsyncClient client) throws Exception {
        String resource = "jprefect.test." + UUID.randomUUID();
        try (EventSubscription events = client.subscribeEvents(
                EventFilter.all().withResource(EventFilter.Resource.id(resource))).get(WAIT_SECONDS, TimeUnit.SECONDS)) {
            Event sent = Event.of("jprefect.test.async", resource);
            client.emitEvents(List.of(sent)).get(WAIT_SECONDS, TimeUnit.SECONDS);

            Event received = events.next().get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(received.id()).isEqualTo(sent.id());
            assertThat(received.event()).isEqualTo("jprefect.test.async");
        }
    }

    @Test
    void a_closed_subscription_says_so(PrefectClient client) throws Exception {
        EventSubscription events = client.subscribeEvents(EventFilter.all());
        events.close();

        assertThatThrownBy(() -> events.next().get(WAIT_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(PrefectClientException.class).hasMessageContaining("1000");
    }
}
