package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.TestClient.Reply;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /events}, {@code POST /events/filter} and {@code GET /events/filter/next}: Prefect's
 * {@code Event} validation, its {@code EventFilter} (time range, names, resources, labels,
 * related and any resources, ids, order) and its page tokens.
 */
@SuppressWarnings("unchecked") // JSON trees read back as the maps and lists they are
class EventsTest extends StoreSuite {
    private final TestClock clock = new TestClock();
    private final PrefectServer server = newServer(clock);
    private final TestClient client = new TestClient(server);

    private static Map<String, Object> event(String name, String resourceId, Instant occurred, Map<?, ?>... related) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("occurred", occurred.toString());
        e.put("event", name);
        e.put("resource", Map.of("prefect.resource.id", resourceId, "prefect.resource.name", resourceId + "-name"));
        e.put("related", List.of(related));
        e.put("payload", Map.of("n", 1));
        e.put("id", UUID.randomUUID().toString());
        return e;
    }

    private Instant at(int minutesAgo) {
        return clock.instant().minus(Duration.ofMinutes(minutesAgo));
    }

    private List<String> names(Map<String, Object> filter) {
        Reply page = client.post("/api/events/filter", Map.of("filter", filter));
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        for (Object e : (List<?>) page.map().get("events")) {
            names.add((String) ((Map<?, ?>) e).get("event"));
        }
        return names;
    }

    @Test
    void eventsAreStoredOnceAndReadBackAsReceivedEventsNewestFirst() {
        Map<String, Object> first = event("app.one", "app.thing.1", at(3));
        Map<String, Object> second = event("app.two", "app.thing.2", at(2),
                Map.of("prefect.resource.id", "prefect.flow.9", "prefect.resource.role", "flow"));
        assertThat(client.post("/api/events", List.of(first, second)).status()).isEqualTo(204);
        assertThat(client.post("/api/events", List.of(first)).status()).isEqualTo(204); // a duplicate id is ignored

        Reply page = client.post("/api/events/filter", Map.of());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.map()).containsOnlyKeys("events", "total", "next_page").containsEntry("total", 2L)
                .containsEntry("next_page", null);
        List<Map<String, Object>> events = (List<Map<String, Object>>) page.map().get("events");
        assertThat(events).extracting(e -> e.get("event")).containsExactly("app.two", "app.one");
        assertThat(events.get(0)).containsOnlyKeys("occurred", "event", "resource", "related", "payload", "id",
                "follows", "received").containsEntry("id", second.get("id")).containsEntry("payload", Map.of("n", 1L))
                .containsEntry("related", second.get("related")).containsEntry("received", "2025-01-01T12:00:00Z");
    }

    @Test
    void aBadEventIsRefusedWithPrefectsWordsAndNothingIsStored() {
        Map<String, Object> good = event("app.ok", "app.thing.1", at(1));
        Map<String, Object> noId = event("app.bad", "app.thing.2", at(1));
        noId.put("resource", Map.of("prefect.resource.name", "x"));
        Map<String, Object> noRole = event("app.bad", "app.thing.3", at(1), Map.of("prefect.resource.id", "x"));
        Reply refused = client.post("/api/events", List.of(good, noId, noRole));
        assertThat(refused.status()).isEqualTo(422);
        List<Map<String, Object>> problems = (List<Map<String, Object>>) refused.map().get("exception_detail");
        assertThat(problems).extracting(p -> p.get("loc"), p -> p.get("msg")).containsExactly(
                org.assertj.core.groups.Tuple.tuple(List.of("body", 1L, "resource"),
                        "Value error, Resources must include the prefect.resource.id label"),
                org.assertj.core.groups.Tuple.tuple(List.of("body", 2L, "related", 0L),
                        "Value error, Related Resources must include the prefect.resource.role label"));
        assertThat(client.post("/api/events/filter", Map.of()).map()).containsEntry("total", 0L);

        Map<String, Object> longName = event("x".repeat(1025), "app.thing.4", at(1));
        assertThat(client.post("/api/events", List.of(longName)).text()).contains("Event name must be at most 1024 characters");
        assertThat(client.post("/api/events", Map.of()).status()).isEqualTo(422);
    }

    @Test
    void theFilterSelectsByTimeNameResourceLabelsRelatedIdAndOrder() {
        Map<String, String> flow = related("flow", "f1", "etl");
        Map<String, String> tag = tag("nightly");
        Map<String, Object> old = event("prefect.flow-run.Pending", "prefect.flow-run.r1", at(60), flow);
        Map<String, Object> running = event("prefect.flow-run.Running", "prefect.flow-run.r1", at(30), flow, tag);
        Map<String, Object> done = event("prefect.flow-run.Completed", "prefect.flow-run.r1", at(10), flow, tag);
        Map<String, Object> other = event("app.custom", "app.thing.1", at(5));
        client.post("/api/events", List.of(old, running, done, other));

        assertThat(names(Map.of("occurred", Map.of("since", at(40).toString(), "until", at(8).toString()))))
                .containsExactly("prefect.flow-run.Completed", "prefect.flow-run.Running");
        assertThat(names(Map.of("event", Map.of("prefix", List.of("prefect.flow-run.")), "order", "ASC")))
                .containsExactly("prefect.flow-run.Pending", "prefect.flow-run.Running", "prefect.flow-run.Completed");
        assertThat(names(Map.of("event", Map.of("exclude_prefix", List.of("prefect."), "name", List.of("app.custom")))))
                .containsExactly("app.custom");
        assertThat(names(Map.of("event", Map.of("exclude_name", List.of("app.custom", "prefect.flow-run.Running")))))
                .containsExactly("prefect.flow-run.Completed", "prefect.flow-run.Pending");
        assertThat(names(Map.of("resource", Map.of("id", List.of("app.thing.1"))))).containsExactly("app.custom");
        assertThat(names(Map.of("resource", Map.of("id_prefix", List.of("app."))))).containsExactly("app.custom");
        assertThat(names(Map.of("resource", Map.of("labels", Map.of("prefect.resource.name", "prefect.flow-run.*")))))
                .hasSize(3);
        assertThat(names(Map.of("resource", Map.of("labels", Map.of("prefect.resource.name", "!prefect.*")))))
                .containsExactly("app.custom");
        assertThat(names(Map.of("resource", Map.of("labels", Map.of("prefect.resource.id", List.of("app.thing.?"))))))
                .containsExactly("app.custom");
        assertThat(names(Map.of("related", Map.of("id", List.of("prefect.tag.nightly")))))
                .containsExactly("prefect.flow-run.Completed", "prefect.flow-run.Running");
        assertThat(names(Map.of("related", Map.of("labels", Map.of("prefect.resource.role", "flow",
                "prefect.resource.name", "e*")))))
                .hasSize(3);
        assertThat(names(Map.of("related", List.of(Map.of("role", List.of("flow")), Map.of("role", List.of("tag"))))))
                .hasSize(2);
        assertThat(names(Map.of("related", Map.of("resources_in_roles", List.of(List.of("prefect.flow.f1", "tag"))))))
                .isEmpty();
        assertThat(names(Map.of("any_resource", Map.of("id", List.of("prefect.flow.f1", "app.thing.1"))))).hasSize(4);
        assertThat(names(Map.of("any_resource", Map.of("id_prefix", List.of("prefect.tag."))))).hasSize(2);
        assertThat(names(Map.of("resource", Map.of("distinct", true)))).as("each resource's newest event")
                .containsExactly("app.custom", "prefect.flow-run.Completed");
        assertThat(names(Map.of("resource", Map.of("distinct", true), "order", "ASC")))
                .containsExactly("prefect.flow-run.Pending", "app.custom");
        assertThat(names(Map.of("id", Map.of("id", List.of(other.get("id"), done.get("id"))))))
                .containsExactly("app.custom", "prefect.flow-run.Completed");
    }

    @Test
    void theTextFilterSearchesNameResourcesAndPayloadAsPrefectsQuerySyntaxSays() {
        Map<String, Object> timeout = event("app.failed", "app.thing.1", at(3));
        timeout.put("payload", Map.of("message", "Connection Timeout after 30s"));
        Map<String, Object> debug = event("app.failed", "app.thing.2", at(2));
        debug.put("payload", Map.of("message", "debug: connection reset"));
        Map<String, Object> tagged = event("app.done", "app.thing.3", at(1), tag("nightly"));
        client.post("/api/events", List.of(timeout, debug, tagged));

        assertThat(names(Map.of("text", Map.of("query", "timeout")))).containsExactly("app.failed");
        assertThat(names(Map.of("text", Map.of("query", "connection -debug")))).containsExactly("app.failed");
        assertThat(names(Map.of("text", Map.of("query", "\"connection reset\"")))).containsExactly("app.failed");
        assertThat(names(Map.of("text", Map.of("query", "nightly timeout")))).containsExactly("app.done", "app.failed");
        assertThat(names(Map.of("text", Map.of("query", "+connection +RESET")))).containsExactly("app.failed");
        assertThat(names(Map.of("text", Map.of("query", "!app.failed")))).containsExactly("app.done");
        assertThat(names(Map.of("text", Map.of("query", "app.thing.3")))).as("resource values are searched")
                .containsExactly("app.done");
        assertThat(names(Map.of("text", Map.of("query", "   ")))).as("a blank query constrains nothing").hasSize(3);
        assertThat(names(mapOf("text", null))).hasSize(3);

        Reply tooLong = client.post("/api/events/filter", Map.of("filter", Map.of("text", Map.of("query", "x".repeat(201)))));
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.text()).contains("String should have at most 200 characters");
        assertThat(client.post("/api/events/filter", Map.of("filter", Map.of("text", Map.of()))).text())
                .contains("\"query\"").contains("Field required");
    }

    private static Map<String, Object> mapOf(String key, Object value) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(key, value);
        return out;
    }

    @Test
    void aFilterThatDoesNotValidateIsA422AtItsField() {
        Reply bad = client.post("/api/events/filter", Map.of("filter", Map.of("event", Map.of("prefix", "x"), "nope", 1)));
        assertThat(bad.status()).isEqualTo(422);
        List<Map<String, Object>> problems = (List<Map<String, Object>>) bad.map().get("exception_detail");
        assertThat(problems).extracting(p -> p.get("loc")).contains(List.of("body", "filter", "event", "prefix"),
                List.of("body", "filter", "nope"));
        assertThat(client.post("/api/events/filter", Map.of("limit", 51)).status()).isEqualTo(422);
        assertThat(client.post("/api/events/filter", Map.of("limit", -1)).status()).isEqualTo(422);
    }

    @Test
    void pagesFollowTheNextPageLinkToTheEnd() {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            events.add(event("app.e" + i, "app.thing." + i, at(20 - i)));
        }
        client.post("/api/events", events);
        Reply first = client.post("/api/events/filter", Map.of("limit", 3, "filter", Map.of("order", "ASC")));
        assertThat(first.map()).containsEntry("total", 7L);
        List<String> seen = new ArrayList<>();
        Reply page = first;
        int pages = 0;
        while (true) {
            pages++;
            for (Object e : (List<?>) page.map().get("events")) {
                seen.add((String) ((Map<?, ?>) e).get("event"));
            }
            String next = (String) page.map().get("next_page");
            if (next == null) {
                break;
            }
            assertThat(next).startsWith("http://test/api/events/filter/next?page-token=");
            URI link = URI.create(next);
            page = client.get(link.getRawPath() + "?" + link.getRawQuery());
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            assertThat(page.map()).containsEntry("total", 7L);
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("app.e0", "app.e1", "app.e2", "app.e3", "app.e4", "app.e5", "app.e6");
    }

    @Test
    void aTokenThatIsNotOneOfOursIsForbidden() {
        assertThat(client.get("/api/events/filter/next?page-token=bm90IGpzb24=").status()).isEqualTo(403);
        assertThat(client.get("/api/events/filter/next?page-token=%21%21").status()).isEqualTo(403);
        assertThat(client.get("/api/events/filter/next?page-token=").status()).isEqualTo(403);
        assertThat(client.get("/api/events/filter/next").status()).isEqualTo(422);
    }

    @Test
    void twoServersShareNoEvents() {
        client.post("/api/events", List.of(event("app.one", "app.thing.1", at(1))));
        TestClient another = new TestClient(newServer(clock));
        assertThat(another.post("/api/events/filter", Map.of()).map()).containsEntry("total", 0L);
        assertThat(client.post("/api/events/filter", Map.of()).map()).containsEntry("total", 1L);
    }

    @Test
    void anAcceptedFlowRunStateChangeIsAnEventAsPrefectsServerMakesIt() {
        String flow = client.post("/api/flows/", Map.of("name", "etl", "tags", List.of("team-a"))).string("id");
        Reply created = client.post("/api/flow_runs/", Map.of("flow_id", flow, "name", "nightly-run", "tags", List.of("nightly")));
        String run = created.string("id");
        String pendingId = created.string("state.id");
        clock.advance(Duration.ofSeconds(2));
        Reply running = client.post("/api/flow_runs/" + run + "/set_state",
                Map.of("state", Map.of("type", "RUNNING", "message", "go")));
        assertThat(running.status()).isEqualTo(201);
        String runningId = running.string("state.id");

        Reply page = client.post("/api/events/filter", Map.of("filter",
                Map.of("resource", Map.of("id", List.of("prefect.flow-run." + run)), "order", "ASC")));
        List<Map<String, Object>> events = (List<Map<String, Object>>) page.map().get("events");
        assertThat(events).extracting(e -> e.get("event")).containsExactly("prefect.flow-run.Pending", "prefect.flow-run.Running");
        Map<String, Object> e = events.get(1);
        assertThat(e).containsEntry("id", runningId).containsEntry("follows", pendingId)
                .containsEntry("occurred", "2025-01-01T12:00:02Z");
        assertThat((Map<String, Object>) e.get("resource")).containsExactly(
                Map.entry("prefect.resource.id", "prefect.flow-run." + run),
                Map.entry("prefect.resource.name", "nightly-run"),
                Map.entry("prefect.run-count", "1"),
                Map.entry("prefect.state-message", "go"),
                Map.entry("prefect.state-name", "Running"),
                Map.entry("prefect.state-timestamp", "2025-01-01T12:00:02+00:00"),
                Map.entry("prefect.state-type", "RUNNING"));
        assertThat((List<Object>) e.get("related")).containsExactly(
                related("flow", flow, "etl"),
                tag("nightly"),
                tag("team-a"));
        assertThat((Map<String, Object>) e.get("payload")).isEqualTo(Map.of(
                "intended", Map.of("from", "PENDING", "to", "RUNNING"),
                "initial_state", Map.of("type", "PENDING", "name", "Pending"),
                "validated_state", Map.of("type", "RUNNING", "name", "Running", "message", "go")));
        Map<String, Object> first = events.get(0);
        assertThat((Map<String, Object>) first.get("payload")).containsEntry("initial_state", null)
                .containsEntry("intended", new java.util.HashMap<>(java.util.Collections.singletonMap("from", null)) {
                    {
                        put("to", "PENDING");
                    }
                });
        assertThat(first).containsEntry("follows", null);

        // one event per state written
        client.post("/api/flow_runs/" + run + "/set_state", Map.of("state", Map.of("type", "COMPLETED")));
        int states = client.get("/api/flow_run_states/?flow_run_id=" + run).maps().size();
        assertThat(states).isEqualTo(3);
        assertThat(client.post("/api/events/filter", Map.of("filter", Map.of("any_resource",
                Map.of("id", List.of("prefect.flow." + flow))))).map()).containsEntry("total", (long) states);
    }

    /** A related resource of a state-change event: the flow, deployment or task run of that id and name. */
    private static Map<String, String> related(String kind, String id, String name) {
        return Map.of("prefect.resource.id", "prefect." + kind + "." + id, "prefect.resource.role", kind,
                "prefect.resource.name", name);
    }

    private static Map<String, String> tag(String name) {
        return Map.of("prefect.resource.id", "prefect.tag." + name, "prefect.resource.role", "tag");
    }

    private List<Map<String, Object>> eventsAbout(String resourceId) {
        Reply page = client.post("/api/events/filter", Map.of("filter",
                Map.of("any_resource", Map.of("id", List.of(resourceId)), "order", "ASC")));
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        return (List<Map<String, Object>>) page.map().get("events");
    }

    @Test
    void aRunMadeFromADeploymentIsRelatedToTheDeploymentAndEveryTag() {
        String flow = client.post("/api/flows/", Map.of("name", "etl", "tags", List.of("team-a"))).string("id");
        String deployment = client.post("/api/deployments/", Map.of("name", "nightly", "flow_id", flow, "tags", List.of("prod"),
                "enforce_parameter_schema", false)).string("id");
        String run = client.post("/api/deployments/" + deployment + "/create_flow_run", Map.of("tags", List.of("adhoc")))
                .string("id");
        client.post("/api/flow_runs/" + run + "/set_state", Map.of("state", Map.of("type", "PENDING")));

        List<Map<String, Object>> events = eventsAbout("prefect.deployment." + deployment);
        assertThat(events).extracting(e -> e.get("event")).containsExactly("prefect.flow-run.Scheduled",
                "prefect.flow-run.Pending");
        assertThat(events).allSatisfy(e -> assertThat((List<Object>) e.get("related")).containsExactly(
                related("flow", flow, "etl"),
                related("deployment", deployment, "nightly"),
                tag("adhoc"),
                tag("prod"),
                tag("team-a")));
    }

    @Test
    void aRunInAWorkPoolIsRelatedToItsQueueAndPoolWithThePoolsType() {
        String flow = client.post("/api/flows/", Map.of("name", "etl")).string("id");
        Reply pool = client.post("/api/work_pools/", Map.of("name", "java-pool", "type", "process"));
        assertThat(pool.status()).as(pool.text()).isEqualTo(201);
        String deployment = client.post("/api/deployments/", Map.of("name", "pooled", "flow_id", flow,
                "work_pool_name", "java-pool", "enforce_parameter_schema", false)).string("id");
        String run = client.post("/api/deployments/" + deployment + "/create_flow_run", Map.of()).string("id");
        String queue = client.get("/api/flow_runs/" + run).string("work_queue_id");
        assertThat(queue).isNotNull();

        List<Map<String, Object>> events = eventsAbout("prefect.work-pool." + pool.string("id"));
        assertThat(events).extracting(e -> e.get("event")).containsExactly("prefect.flow-run.Scheduled");
        assertThat((List<Object>) events.get(0).get("related")).containsExactly(
                related("flow", flow, "etl"),
                related("deployment", deployment, "pooled"),
                related("work-queue", queue, "default"),
                Map.of("prefect.resource.id", "prefect.work-pool." + pool.string("id"),
                        "prefect.resource.role", "work-pool", "prefect.resource.name", "java-pool",
                        "prefect.work-pool.type", "process"));
    }

    @Test
    void theSchedulersRunsHaveNoScheduledEventAsPrefectsButBecomingLateIsOne() {
        String flow = client.post("/api/flows/", Map.of("name", "etl")).string("id");
        String deployment = client.post("/api/deployments/", Map.of("name", "hourly", "flow_id", flow, "tags", List.of("prod"),
                "schedules", List.of(Map.of("schedule", Map.of("interval", 3600, "anchor_date", "2025-01-01T12:30:00Z")))))
                .string("id");
        server.runServices(); // the scheduler makes 12:30, 13:30 and 14:30
        List<Map<String, Object>> runs = client.post("/api/flow_runs/filter", Map.of("sort", "EXPECTED_START_TIME_ASC")).maps();
        assertThat(runs).hasSize(3);
        // Prefect's scheduler inserts its runs' states itself, outside orchestration: no event
        assertThat(eventsAbout("prefect.deployment." + deployment)).isEmpty();

        clock.advance(Duration.ofMinutes(30).plusSeconds(15)); // the 12:30 run is PREFECT_SERVER_SERVICES_LATE_RUNS_AFTER_SECONDS late
        server.runServices();
        List<Map<String, Object>> events = eventsAbout("prefect.deployment." + deployment);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("event", "prefect.flow-run.Late").containsEntry("follows", null)
                    .containsEntry("occurred", "2025-01-01T12:30:15Z");
            assertThat((Map<String, Object>) e.get("resource")).containsEntry("prefect.resource.id",
                    "prefect.flow-run." + runs.get(0).get("id")).containsEntry("prefect.state-type", "SCHEDULED")
                    .containsEntry("prefect.state-name", "Late");
            assertThat((List<Object>) e.get("related")).containsExactly(
                    related("flow", flow, "etl"),
                    related("deployment", deployment, "hourly"),
                    tag("auto-scheduled"),
                    tag("prod"));
            assertThat((Map<String, Object>) e.get("payload")).isEqualTo(Map.of(
                    "intended", Map.of("from", "SCHEDULED", "to", "SCHEDULED"),
                    "initial_state", Map.of("type", "SCHEDULED", "name", "Scheduled", "message", "Flow run scheduled"),
                    "validated_state", Map.of("type", "SCHEDULED", "name", "Late")));
        });
    }

    private Reply countBy(String countable, Map<String, Object> body) {
        return client.post("/api/events/count-by/" + countable, body);
    }

    private static Map<String, Object> range(String since, String until) {
        return Map.of("occurred", Map.of("since", since, "until", until));
    }

    @Test
    void countsByTimeAnswerEveryBucketOfTheRangeFromPrefectsPivot() {
        client.post("/api/events", List.of(event("app.a", "app.x", Instant.parse("2025-01-01T01:30:00Z")),
                event("app.a", "app.x", Instant.parse("2025-01-01T05:59:59.999999Z")),
                event("app.b", "app.y", Instant.parse("2025-01-01T13:00:00Z")),
                event("app.b", "app.y", Instant.parse("2025-01-02T00:00:00Z"))));
        Reply counts = countBy("time", Map.of("filter", range("2025-01-01T02:00:00Z", "2025-01-01T12:00:00Z"),
                "time_unit", "hour", "time_interval", 6));
        assertThat(counts.status()).as(counts.text()).isEqualTo(200);
        // the buckets holding since and until, though the first event is before since: it is not counted
        assertThat(counts.maps()).containsExactly(
                Map.of("value", "0", "label", "2025-01-01T00:00:00+00:00", "count", 1L,
                        "start_time", "2025-01-01T00:00:00Z", "end_time", "2025-01-01T05:59:59.999999Z"),
                Map.of("value", "1", "label", "2025-01-01T06:00:00+00:00", "count", 0L,
                        "start_time", "2025-01-01T06:00:00Z", "end_time", "2025-01-01T11:59:59.999999Z"));

        // day (the default unit): from 180 days before today began to now, today's bucket last
        List<Map<String, Object>> days = countBy("day", Map.of("filter", Map.of())).maps();
        assertThat(days).hasSize(181);
        assertThat(days.get(180)).containsEntry("value", "180").containsEntry("label", "2025-01-01T00:00:00+00:00")
                .containsEntry("count", 2L);
        // an until after now ends with the current unit's bucket
        List<Map<String, Object>> hours = countBy("time", Map.of("filter", range("2025-01-01T10:30:00Z", "2025-01-03T00:00:00Z"),
                "time_unit", "hour")).maps();
        assertThat(hours).extracting(c -> c.get("label")).containsExactly("2025-01-01T10:00:00+00:00",
                "2025-01-01T11:00:00+00:00", "2025-01-01T12:00:00+00:00");
        // two thousand years before the pivot: no overflow
        assertThat(countBy("day", Map.of("filter", range("0001-01-01T00:00:00Z", "0001-01-03T00:00:00Z"))).maps())
                .extracting(c -> c.get("start_time")).containsExactly("0001-01-01T00:00:00Z", "0001-01-02T00:00:00Z");
    }

    @Test
    void countsByEventAndResourceAreMostCountedFirstWithTheLatestLabel() {
        Map<String, Object> renamed = event("app.b", "app.y", at(1));
        renamed.put("resource", Map.of("prefect.resource.id", "app.y", "prefect.resource.name", "the y"));
        Map<String, Object> unnamed = event("app.c", "app.z", at(2));
        unnamed.put("resource", Map.of("prefect.resource.id", "app.z"));
        client.post("/api/events", List.of(event("app.a", "app.x", at(5)), event("app.b", "app.y", at(4)),
                event("app.b", "app.y", at(3)), renamed, unnamed, event("app.c", "app.w", at(6))));

        assertThat(countBy("event", Map.of("filter", Map.of())).maps()).containsExactly(
                Map.of("value", "app.b", "label", "app.b", "count", 3L, "start_time", at(4).toString(), "end_time", at(1).toString()),
                Map.of("value", "app.c", "label", "app.c", "count", 2L, "start_time", at(6).toString(), "end_time", at(2).toString()),
                Map.of("value", "app.a", "label", "app.a", "count", 1L, "start_time", at(5).toString(), "end_time", at(5).toString()));
        assertThat(countBy("resource", Map.of("filter", Map.of("event", Map.of("prefix", List.of("app.b", "app.c")))))
                .maps()).extracting(c -> c.get("value") + " " + c.get("label") + " " + c.get("count"))
                .containsExactly("app.y the y 3", "app.w app.w-name 1", "app.z app.z 1");
    }

    @Test
    void badCountsAreRefusedAsPrefectRefusesThem() {
        Reply both = countBy("weeks", Map.of("time_unit", "fortnight", "time_interval", 0));
        assertThat(both.status()).isEqualTo(422);
        assertThat((List<Map<String, Object>>) both.map().get("exception_detail")).extracting(p -> p.get("loc"), p -> p.get("type"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(List.of("path", "countable"), "enum"),
                        org.assertj.core.groups.Tuple.tuple(List.of("body", "filter"), "missing"),
                        org.assertj.core.groups.Tuple.tuple(List.of("body", "time_unit"), "enum"),
                        org.assertj.core.groups.Tuple.tuple(List.of("body", "time_interval"), "greater_than_equal"));
        Reply pathOnly = countBy("weeks", Map.of("filter", Map.of()));
        assertThat((List<Map<String, Object>>) pathOnly.map().get("exception_detail")).extracting(p -> p.get("loc"))
                .containsExactly(List.of("path", "countable"));

        Reply tooMany = countBy("event", Map.of("filter", Map.of(), "time_unit", "hour"));
        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(tooMany.json()).isEqualTo(Map.of("detail", "The given interval would create 4332 buckets, which is too"
                + " many. Please increase the interval or reduce the time range to produce 1000 buckets or fewer."));
        TestClient limited = new TestClient(newServer(clock, Map.of("PREFECT_SERVER_EVENTS_MAXIMUM_COUNT_BUCKETS", "2")));
        assertThat(limited.post("/api/events/count-by/day", Map.of("filter", range("2025-01-01T00:00:00Z",
                "2025-01-01T12:00:00Z"))).status()).isEqualTo(200);
        assertThat(limited.post("/api/events/count-by/day", Map.of("filter", range("2024-12-30T00:00:00Z",
                "2025-01-01T12:00:00Z"))).json()).isEqualTo(Map.of("detail", "The given interval would create 3 buckets,"
                + " which is too many. Please increase the interval or reduce the time range to produce 2 buckets or fewer."));
        Reply overflow = countBy("time", Map.of("filter", Map.of(), "time_interval", 1e300));
        assertThat(overflow.status()).isEqualTo(422);
        assertThat(overflow.text()).contains("time_interval").doesNotContain("Exception");
    }

    /** A task-run event as Prefect's Python client emits it. */
    private static Map<String, Object> taskRunEvent(String taskRun, String flowRun, String stateType, String stateName,
            Instant occurred, int runCount) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("occurred", occurred.toString());
        e.put("event", "prefect.task-run." + stateName);
        e.put("resource", Map.of("prefect.resource.id", "prefect.task-run." + taskRun, "prefect.resource.name", "add-1",
                "prefect.orchestration", "client", "prefect.state-type", stateType));
        e.put("related", List.of(Map.of("prefect.resource.id", "prefect.flow-run." + flowRun,
                "prefect.resource.role", "flow-run")));
        e.put("payload", Map.of(
                "intended", Map.of("to", stateType),
                "validated_state", Map.of("type", stateType, "name", stateName, "message", "",
                        "state_details", Map.of()),
                "task_run", Map.of("name", "add-1", "task_key", "add-abc", "dynamic_key", "1", "run_count", runCount,
                        "tags", List.of("math"), "empirical_policy", Map.of("max_retries", 0, "retry_delay_seconds", 0),
                        "task_inputs", Map.of(), "total_run_time", 0.5)));
        e.put("id", UUID.randomUUID().toString());
        return e;
    }

    @Test
    void clientTaskRunEventsBecomeTaskRunsAndALateEventDoesNotRollOneBack() {
        String flow = client.post("/api/flows/", Map.of("name", "py")).string("id");
        String run = client.post("/api/flow_runs/", Map.of("flow_id", flow)).string("id");
        String task = UUID.randomUUID().toString();
        Map<String, Object> pending = taskRunEvent(task, run, "PENDING", "Pending", at(3), 0);
        Map<String, Object> running = taskRunEvent(task, run, "RUNNING", "Running", at(2), 1);
        Map<String, Object> completed = taskRunEvent(task, run, "COMPLETED", "Completed", at(1), 1);
        assertThat(client.post("/api/events", List.of(pending, completed)).status()).isEqualTo(204);
        assertThat(client.post("/api/events", List.of(running)).status()).isEqualTo(204); // arrives late

        Reply read = client.get("/api/task_runs/" + task);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.map()).containsEntry("flow_run_id", run).containsEntry("name", "add-1")
                .containsEntry("task_key", "add-abc").containsEntry("dynamic_key", "1").containsEntry("run_count", 1L)
                .containsEntry("tags", List.of("math")).containsEntry("state_type", "COMPLETED")
                .containsEntry("state_id", completed.get("id"));
        assertThat(read.string("state.timestamp")).isEqualTo(at(1).toString());
        List<Map<String, Object>> states = client.get("/api/task_run_states/?task_run_id=" + task).maps();
        assertThat(states).extracting(st -> st.get("id")).containsExactlyInAnyOrder(pending.get("id"),
                running.get("id"), completed.get("id"));
        assertThat(client.post("/api/task_runs/filter", Map.of("flow_runs", Map.of("id", Map.of("any_", List.of(run)))))
                .maps()).singleElement().satisfies(t -> assertThat(t).containsEntry("id", task));

        // the same event again changes nothing; an event from a server (no prefect.orchestration) is no task run
        assertThat(client.post("/api/events", List.of(completed)).status()).isEqualTo(204);
        Map<String, Object> notClient = taskRunEvent(UUID.randomUUID().toString(), run, "RUNNING", "Running", at(1), 1);
        notClient.put("resource", Map.of("prefect.resource.id", ((Map<?, ?>) notClient.get("resource")).get("prefect.resource.id")));
        client.post("/api/events", List.of(notClient));
        assertThat(client.post("/api/task_runs/count", Map.of()).json()).isEqualTo(1L);
    }
}
