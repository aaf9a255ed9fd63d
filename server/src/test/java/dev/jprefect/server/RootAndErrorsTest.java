package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.TestClient.Raw;
import dev.jprefect.server.TestClient.Reply;
import dev.jprefect.settings.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The root routes, routing, and the error shapes FastAPI would answer with. */
class RootAndErrorsTest {
    private final TestClient client = new TestClient(
            PrefectServer.builder().settings(Settings.isolated(Map.of())).clock(new TestClock()).build());

    @Test
    void healthIsTrue() {
        Reply r = client.get("/api/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).isEqualTo(true);
        assertThat(r.response().headers().first("Content-Type")).hasValue("application/json");
    }

    @Test
    void versionIsPrefectsServerApiVersion() {
        assertThat(client.get("/api/version").json()).isEqualTo("0.8.4");
    }

    @Test
    void adminVersionIsThePinnedPrefectVersionMarkedAsJprefect() {
        // The root pom passes its pinned prefect.version to the tests (see the surefire configuration).
        String pinned = System.getProperty("jprefect.prefect.version");
        assertThat(pinned).as("the build's pinned Prefect version").isNotBlank();
        assertThat(client.get("/api/admin/version").json()).isEqualTo(pinned + "+jprefect");
    }

    @Test
    void helloWaves() {
        assertThat(client.get("/api/hello").json()).isEqualTo("\uD83D\uDC4B");
    }

    @Test
    void readyIsOk() {
        Reply r = client.get("/api/ready");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.map()).containsEntry("message", "OK");
    }

    @Test
    void adminSettingsShowTheServerSettingsWithSecretsObfuscated() {
        TestClient secret = new TestClient(PrefectServer.builder()
                .settings(Settings.isolated(Map.of("PREFECT_API_KEY", "pnu_secret", "PREFECT_SERVER_API_DEFAULT_LIMIT", "50")))
                .build());
        Reply r = secret.get("/api/admin/settings");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.at("server.api.default_limit")).isEqualTo(50L);
        assertThat(r.at("server.api.port")).isEqualTo(4200L);
        assertThat(r.at("server.api.csrf_token_expiration")).isEqualTo("PT1H");
        assertThat(r.at("api.key")).isEqualTo("********");
        assertThat(r.text()).doesNotContain("pnu_secret");
        assertThat(r.at("server.analytics_enabled")).isEqualTo(true);
        assertThat(r.at("server.database.timeout")).isEqualTo(10.0);
        assertThat(r.at("server.database.connection_timeout")).isEqualTo(5.0);
        assertThat(r.at("server.database.sqlalchemy.pool_size")).isEqualTo(5L);
        assertThat(r.at("server.database.sqlalchemy.pool_timeout")).isEqualTo(30.0);
    }

    @Test
    void adminSettingsTellPrefectsUiWhetherAnalyticsAreOff() {
        TestClient off = new TestClient(PrefectServer.builder()
                .settings(Settings.isolated(Map.of("PREFECT_SERVER_ANALYTICS_ENABLED", "false")))
                .build());
        assertThat(off.get("/api/admin/settings").at("server.analytics_enabled")).isEqualTo(false);
    }

    @Test
    void unknownPathIsFastApisNotFound() {
        Reply r = client.get("/api/no/such/thing");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.map()).isEqualTo(Map.of("detail", "Not Found"));
    }

    @Test
    void pathOutsideTheApiRootIsNotFound() {
        Reply r = client.get("/health");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.map()).isEqualTo(Map.of("detail", "Not Found"));
    }

    @Test
    void wrongMethodIsMethodNotAllowedWithAllowHeader() {
        Reply r = client.send("PUT", "/api/flows/filter", Map.of(), Map.of());
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.map()).isEqualTo(Map.of("detail", "Method Not Allowed"));
        // Only POST /flows/filter takes this path: Prefect's /flows/{id:uuid} routes do not match "filter".
        assertThat(r.response().headers().first("Allow")).hasValue("POST");
    }

    @Test
    void anIdSegmentThatIsNotAUuidMatchesNoIdRoute() {
        // As in Prefect, whose routes declare {id:uuid}: "filter" is no id, so GET /flows/filter
        // matches only POST /flows/filter (405), and a non-UUID id elsewhere matches nothing (404).
        Reply r = client.get("/api/flows/filter");
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.response().headers().first("Allow")).hasValue("POST");
        Reply notAnId = client.get("/api/flow_runs/not-a-uuid");
        assertThat(notAnId.status()).isEqualTo(404);
        assertThat(notAnId.map()).isEqualTo(Map.of("detail", "Not Found"));
    }

    @Test
    void anIdSegmentIsReadAsStarletteReadsIt() {
        // Starlette's uuid convertor: 32 hex digits, each group hyphen optional.
        Reply r = client.get("/api/flows/00000000000040008000-000000000000");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.map()).isEqualTo(Map.of("detail", "Flow not found"));
    }

    @Test
    void malformedJsonIsJsonInvalidWithItsPosition() {
        Reply r = client.post("/api/flows/", new Raw("{\"name\": }"));
        assertThat(r.status()).isEqualTo(422);
        Map<?, ?> problem = (Map<?, ?>) ((List<?>) r.map().get("exception_detail")).get(0);
        assertThat(problem.get("type")).isEqualTo("json_invalid");
        assertThat(problem.get("loc")).isEqualTo(List.of("body", 9L));
        assertThat(problem.get("msg")).isEqualTo("JSON decode error");
        assertThat(problem.get("ctx")).isEqualTo(Map.of("error", "Expecting value"));
        // Prefect's validation_exception_handler answers with the body FastAPI read: here its text.
        assertThat(r.map()).containsEntry("exception_message", "Invalid request received.")
                .containsEntry("request_body", "{\"name\": }");
    }

    @Test
    void missingFieldIsReportedAtItsLocation() {
        Reply r = client.post("/api/flows/", Map.of("tags", List.of()));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.map().get("exception_detail")).isEqualTo(List.of(Map.of(
                "type", "missing", "loc", List.of("body", "name"), "msg", "Field required",
                "input", Map.of("tags", List.of()))));
        assertThat(r.map()).containsEntry("exception_message", "Invalid request received.")
                .containsEntry("request_body", Map.of("tags", List.of()));
    }

    @Test
    void missingBodyIsReported() {
        Reply r = client.post("/api/flows/", null);
        assertThat(r.status()).isEqualTo(422);
        Map<?, ?> problem = (Map<?, ?>) ((List<?>) r.map().get("exception_detail")).get(0);
        assertThat(problem.get("loc")).isEqualTo(List.of("body"));
        assertThat(problem.get("type")).isEqualTo("missing");
        assertThat(r.map()).containsKey("request_body").containsEntry("request_body", null);
    }

    @Test
    void wrongTypesAreAllReportedAtOnce() {
        Reply r = client.post("/api/flows/", Map.of("name", 5, "tags", "not-a-list"));
        assertThat(r.status()).isEqualTo(422);
        List<?> detail = (List<?>) r.map().get("exception_detail");
        List<Object> locs = detail.stream().map(p -> (Object) ((Map<?, ?>) p).get("loc")).toList();
        List<Object> types = detail.stream().map(p -> (Object) ((Map<?, ?>) p).get("type")).toList();
        assertThat(locs).containsExactly(List.of("body", "name"), List.of("body", "tags"));
        assertThat(types).containsExactly("string_type", "list_type");
    }

    @Test
    void unknownFieldsOfActionModelsAreForbidden() {
        Reply r = client.post("/api/flows/", Map.of("name", "etl", "colour", "blue"));
        assertThat(r.status()).isEqualTo(422);
        Map<?, ?> problem = (Map<?, ?>) ((List<?>) r.map().get("exception_detail")).get(0);
        assertThat(problem.get("loc")).isEqualTo(List.of("body", "colour"));
        assertThat(problem.get("type")).isEqualTo("extra_forbidden");
        assertThat(problem.get("msg")).isEqualTo("Extra inputs are not permitted");
    }

    @Test
    void badUuidInABodyIsReported() {
        Reply r = client.post("/api/flow_runs/", Map.of("flow_id", "not-a-uuid"));
        assertThat(r.status()).isEqualTo(422);
        Map<?, ?> problem = (Map<?, ?>) ((List<?>) r.map().get("exception_detail")).get(0);
        assertThat(problem.get("loc")).isEqualTo(List.of("body", "flow_id"));
        assertThat(problem.get("type")).isEqualTo("uuid_parsing");
    }

    @Test
    void badEnumValueNamesTheChoices() {
        Reply r = client.post("/api/flows/filter", Map.of("sort", "SIDEWAYS"));
        assertThat(r.status()).isEqualTo(422);
        Map<?, ?> problem = (Map<?, ?>) ((List<?>) r.map().get("exception_detail")).get(0);
        assertThat(problem.get("loc")).isEqualTo(List.of("body", "sort"));
        assertThat(problem.get("type")).isEqualTo("enum");
        assertThat(problem.get("msg")).isEqualTo("Input should be 'CREATED_DESC', 'UPDATED_DESC', 'NAME_ASC' or 'NAME_DESC'");
    }

    @Test
    void aNonObjectBodyForAModelIsReported() {
        Reply r = client.post("/api/flows/", List.of(1, 2));
        assertThat(r.status()).isEqualTo(422);
        Map<?, ?> problem = (Map<?, ?>) ((List<?>) r.map().get("exception_detail")).get(0);
        assertThat(problem.get("type")).isEqualTo("model_attributes_type");
    }

    @Test
    void deeplyNestedJsonIsRefusedNotCrashed() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        Reply r = client.post("/api/flows/", new Raw(deep));
        assertThat(r.status()).isIn(422, 500);
        assertThat(r.text()).doesNotContain("Exception").doesNotContain("at dev.");
    }

    @Test
    void missingQueryParameterIsReported() {
        Reply r = client.get("/api/flow_run_states/");
        assertThat(r.status()).isEqualTo(422);
        Map<?, ?> problem = (Map<?, ?>) ((List<?>) r.map().get("exception_detail")).get(0);
        assertThat(problem.get("loc")).isEqualTo(List.of("query", "flow_run_id"));
        assertThat(r.map()).containsKey("request_body").containsEntry("request_body", null);
    }

    @Test
    void aTrailingSlashIsTolerated() {
        assertThat(client.post("/api/flows", Map.of("name", "slashless")).status()).isEqualTo(201);
        assertThat(client.get("/api/health/").status()).isEqualTo(200);
    }

    @Test
    void anOldApiVersionHeaderIsRefused() {
        Reply r = client.send("GET", "/api/hello", null, Map.of("X-Prefect-Api-Version", "0.7.0"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.map().get("detail")).isEqualTo(
                "The request specified API version 0.7.0 but this server requires version 0.8.0 or higher.");
        assertThat(client.send("GET", "/api/hello", null, Map.of("X-Prefect-Api-Version", "bad")).status()).isEqualTo(400);
        assertThat(client.send("GET", "/api/hello", null, Map.of("X-Prefect-Api-Version", "0.8.4")).status()).isEqualTo(200);
    }

    @Test
    void headAnswersLikeGetWithoutBody() {
        Reply r = client.send("HEAD", "/api/health", null, Map.of());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.response().bodyLength()).isZero();
    }

    @Test
    void limitAboveTheDefaultIsRefusedAsPrefectDoes() {
        Reply r = client.post("/api/flows/filter", Map.of("limit", 201));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.map()).isEqualTo(Map.of("detail", "Invalid limit: must be less than or equal to 200."));
        assertThat(client.post("/api/flows/filter", Map.of("limit", -1)).map())
                .isEqualTo(Map.of("detail", "Invalid limit: must be greater than or equal to 0."));
    }

    @Test
    void negativeOffsetIsAValidationError() {
        Reply r = client.post("/api/flows/filter", Map.of("offset", -1));
        assertThat(r.status()).isEqualTo(422);
        Map<?, ?> problem = (Map<?, ?>) ((List<?>) r.map().get("exception_detail")).get(0);
        assertThat(problem.get("type")).isEqualTo("greater_than_equal");
        assertThat(problem.get("msg")).isEqualTo("Input should be greater than or equal to 0");
    }
}
