package dev.jprefect.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.Flow;
import dev.jprefect.RunContext;
import dev.jprefect.RunState;
import dev.jprefect.client.EventSubscription;
import dev.jprefect.client.schemas.Event;
import dev.jprefect.client.schemas.EventFilter;
import dev.jprefect.harness.HarnessSession;
import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.PrefectTestHarness.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * jprefect's event SDK against jprefect's own server, in process and over a WebSocket on a port:
 * a subscription sees the state-change events the server emits for a run, an event emitted inside
 * a run arrives related to it, two harnesses never see each other's events, and closing a harness
 * ends its subscriptions.
 */
@SuppressWarnings("try") // the harness scope is held for its effect, not referenced
class EventsInHarnessModesTest {
    /** Every wait for an event is bounded. */
    private static final long WAIT_SECONDS = 30;

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"IN_PROCESS", "SERVER"})
    void aSubscriptionSeesTheStateChangesOfARunAndTheEventsEmittedInIt(Mode mode) throws Exception {
        try (PrefectTestHarness harness = PrefectTestHarness.start(mode);
                PrefectTestHarness other = PrefectTestHarness.start(mode);
                EventSubscription elsewhere = other.client().subscribeEvents(EventFilter.all());
                HarnessSession.Scope scope = harness.enter()) {
            String resource = "jprefect.test." + UUID.randomUUID();
            try (EventSubscription events = harness.client().subscribeEvents(EventFilter.all()
                    .withEvent(EventFilter.Name.prefix("prefect.flow-run.", "jprefect.test.")))) {
                RunState<String> state = Flow.of("evented", () -> {
                    RunContext.current().emitEvent(Event.of("jprefect.test.emitted", resource)
                            .withPayload(Map.of("rows", 42)));
                    return "done";
                }).callForState();

                List<String> names = new ArrayList<>();
                Event emitted = null;
                while (!names.contains("prefect.flow-run.Completed") || emitted == null) {
                    Event event = events.next().get(WAIT_SECONDS, TimeUnit.SECONDS);
                    names.add(event.event());
                    if (event.event().equals("jprefect.test.emitted")) {
                        emitted = event;
                    } else {
                        assertThat(event.resourceId()).isEqualTo("prefect.flow-run." + state.runId());
                        assertThat(event.related()).anySatisfy(r -> assertThat(r).containsEntry(Event.RESOURCE_ROLE, "flow"));
                    }
                }
                assertThat(names).filteredOn(n -> n.startsWith("prefect.")).containsExactly("prefect.flow-run.Pending",
                        "prefect.flow-run.Running", "prefect.flow-run.Completed");
                assertThat(emitted.resourceId()).isEqualTo(resource);
                assertThat(emitted.payload()).containsEntry("rows", 42L);
                assertThat(emitted.related()).contains(Map.of(Event.RESOURCE_ID, "prefect.flow-run." + state.runId(),
                        Event.RESOURCE_ROLE, "flow-run"));
            }
            assertThat(elsewhere.next()).as("the other harness's server saw nothing").isNotDone();
            assertThat(harness.runs().events(harness.runs().onlyFlowRun())).extracting(Event::event).containsExactly(
                    "prefect.flow-run.Pending", "prefect.flow-run.Running", "jprefect.test.emitted",
                    "prefect.flow-run.Completed");
            assertThat(other.runs().flowRuns()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"IN_PROCESS", "SERVER"})
    void closingTheHarnessEndsItsSubscriptionsAndTheNextHarnessHasNoEvents(Mode mode) throws Exception {
        String resource = "jprefect.test." + UUID.randomUUID();
        CompletableFuture<Event> pending;
        try (PrefectTestHarness harness = PrefectTestHarness.start(mode);
                HarnessSession.Scope scope = harness.enter()) {
            harness.client().emitEvents(List.of(Event.of("jprefect.test.before-close", resource)));
            EventSubscription subscription = harness.client().subscribeEvents(EventFilter.all()
                    .withEvent(EventFilter.Name.prefix("jprefect.test.")));
            assertThat(subscription.next().get(WAIT_SECONDS, TimeUnit.SECONDS).resourceId()).isEqualTo(resource);
            pending = subscription.next(); // nothing more comes before the harness closes
        }
        assertThatThrownBy(() -> pending.get(WAIT_SECONDS, TimeUnit.SECONDS))
                .as("a subscription of a closed harness ends instead of waiting forever")
                .isInstanceOf(ExecutionException.class);

        try (PrefectTestHarness next = PrefectTestHarness.start(mode);
                HarnessSession.Scope scope = next.enter();
                EventSubscription fresh = next.client().subscribeEvents(EventFilter.all()
                        .withEvent(EventFilter.Name.prefix("jprefect.test.")))) {
            next.client().emitEvents(List.of(Event.of("jprefect.test.after", resource)));
            assertThat(fresh.next().get(WAIT_SECONDS, TimeUnit.SECONDS).event())
                    .as("the backfill holds none of the closed harness's events").isEqualTo("jprefect.test.after");
        }
    }
}
