package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.TestClient.Raw;
import dev.jprefect.server.TestClient.Reply;
import dev.jprefect.settings.Settings;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Numbers on the wire keep their JSON type (an integer stays an integer, a string a string, a
 * boolean a boolean) in parameters, labels and every free-form field; non-finite and out-of-range
 * numbers are refused with the location of the field, as pydantic words it.
 */
class NumbersTest {
    private final TestClient client = new TestClient(PrefectServer.builder().settings(Settings.isolated(Map.of())).build());

    private String flowId() {
        return client.post("/api/flows/", Map.of("name", "numbers")).string("id");
    }

    private Reply createRun(String json) {
        return client.post("/api/flow_runs/", new Raw("{\"flow_id\": \"" + flowId() + "\", " + json + "}"));
    }

    @Test
    void parametersKeepTheirJsonTypes() {
        String big = "1" + "0".repeat(30);
        Reply r = createRun("\"parameters\": {\"i\": 1, \"f\": 1.0, \"s\": \"1\", \"b\": true, \"z\": 0, \"big\": " + big
                + ", \"tenth\": 0.1, \"list\": [1, 2.5, \"3\"]}");
        assertThat(r.status()).isEqualTo(201);
        String read = client.get("/api/flow_runs/" + r.string("id")).text();
        assertThat(read).contains("\"parameters\":{\"i\":1,\"f\":1.0,\"s\":\"1\",\"b\":true,\"z\":0,\"big\":" + big
                + ",\"tenth\":0.1,\"list\":[1,2.5,\"3\"]}");
        Map<?, ?> parameters = (Map<?, ?>) client.get("/api/flow_runs/" + r.string("id")).map().get("parameters");
        assertThat(parameters.get("i")).isEqualTo(1L);
        assertThat(parameters.get("big")).isEqualTo(new BigInteger(big));
    }

    @Test
    void labelsKeepTheirJsonTypes() {
        Reply r = createRun("\"labels\": {\"one\": 1, \"text\": \"1\", \"zero\": 0, \"yes\": true, \"half\": 0.5}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.text()).contains("\"one\":1,\"text\":\"1\",\"zero\":0,\"yes\":true,\"half\":0.5");
    }

    @Test
    void aNonFiniteNumberIsRefusedWhereItStands() {
        Reply r = createRun("\"parameters\": {\"x\": [1, 1e400]}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.text()).contains("\"type\":\"finite_number\",\"loc\":[\"body\",\"parameters\",\"x\",1],"
                + "\"msg\":\"Input should be a finite number\",\"input\":\"inf\"");

        Reply policy = createRun("\"empirical_policy\": {\"retry_delay_seconds\": -1e999}");
        assertThat(policy.status()).isEqualTo(422);
        assertThat(policy.text()).contains("\"loc\":[\"body\",\"empirical_policy\",\"retry_delay_seconds\"]")
                .contains("finite_number");
    }

    @Test
    void aHugeLimitIsAnsweredInPrefectsWordsNotReadAsZero() {
        Reply r = client.post("/api/flows/filter", new Raw("{\"limit\": 1e64}"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.map()).isEqualTo(Map.of("detail", "Invalid limit: must be less than or equal to 200."));
        assertThat(client.post("/api/flows/filter", new Raw("{\"limit\": -1" + "0".repeat(40) + "}")).map())
                .isEqualTo(Map.of("detail", "Invalid limit: must be greater than or equal to 0."));
    }

    @Test
    void integersBeyondTheirRangeAreRefusedWithTheirLocation() {
        Reply offset = client.post("/api/flows/filter", new Raw("{\"offset\": 1e30}"));
        assertThat(offset.status()).isEqualTo(422);
        assertThat(offset.text()).contains("\"type\":\"less_than_equal\",\"loc\":[\"body\",\"offset\"]");

        Reply farPage = client.post("/api/flows/paginate", new Raw("{\"page\": " + Long.MAX_VALUE + "}"));
        assertThat(farPage.status()).isEqualTo(200);
        assertThat(farPage.map()).containsEntry("results", List.of()).containsEntry("page", Long.MAX_VALUE);

        Reply page = client.post("/api/flows/paginate", new Raw("{\"page\": " + "9".repeat(25) + "}"));
        assertThat(page.status()).isEqualTo(422);
        assertThat(page.text()).contains("\"loc\":[\"body\",\"page\"]");

        Reply level = client.post("/api/logs/", new Raw("[{\"name\": \"l\", \"level\": 1099511627776, \"message\": \"m\","
                + " \"timestamp\": \"2025-01-01T00:00:00Z\"}]"));
        assertThat(level.status()).isEqualTo(422);
        assertThat(level.text()).contains("\"type\":\"less_than_equal\",\"loc\":[\"body\",0,\"level\"]");
    }

    @Test
    void aTimestampFarOutOfRangeIsRefusedAsPydanticDoes() {
        Reply r = client.post("/api/logs/", new Raw("[{\"name\": \"l\", \"level\": 20, \"message\": \"m\", \"timestamp\": 1e20}]"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.text()).contains("\"type\":\"datetime_parsing\",\"loc\":[\"body\",0,\"timestamp\"],"
                + "\"msg\":\"Input should be a valid datetime, dates after 9999 are not supported as unix timestamps\"");
        Reply millis = client.post("/api/logs/", new Raw("[{\"name\": \"l\", \"level\": 20, \"message\": \"m\","
                + " \"timestamp\": 1735689600000}]"));
        assertThat(millis.status()).isEqualTo(201);
        List<Map<String, Object>> logs = client.post("/api/logs/filter", Map.of()).maps();
        assertThat(logs).extracting(l -> l.get("timestamp")).containsExactly("2025-01-01T00:00:00Z");
    }

    @Test
    void anIntegerOfMoreThan4300DigitsIsRefusedAtOnceAsPythonDoes() {
        Reply tooLong = createRun("\"parameters\": {\"n\": " + "7".repeat(4301) + "}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.map()).isEqualTo(Map.of("detail", "There was an error parsing the body"));

        String longest = "7".repeat(4300);
        Reply ok = createRun("\"parameters\": {\"n\": " + longest + "}");
        assertThat(ok.status()).isEqualTo(201);
        assertThat(ok.text()).contains("\"n\":" + longest + "}");
    }

    @Test
    void aMillionDigitNumberIsReadWithoutConvertingItsDigits() {
        Reply integer = createRun("\"parameters\": {\"n\": " + "9".repeat(1_000_000) + "}");
        assertThat(integer.status()).isEqualTo(400);
        Reply fraction = createRun("\"parameters\": {\"n\": 0." + "3".repeat(1_000_000) + "}");
        assertThat(fraction.status()).isEqualTo(201);
        assertThat(fraction.text()).contains("\"n\":0.3333333333333333}");

        Reply beyondDouble = createRun("\"parameters\": {\"n\": 1" + "0".repeat(400) + ".5}");
        assertThat(beyondDouble.status()).isEqualTo(422);
        assertThat(beyondDouble.text()).contains("\"loc\":[\"body\",\"parameters\",\"n\"]").contains("finite_number");

        String digits = "0." + "3".repeat(200);
        Reply inAString = createRun("\"parameters\": {\"s\": \"" + digits + "\", \"escaped\": \"\\\" " + digits + "\"}");
        assertThat(inAString.status()).isEqualTo(201);
        assertThat(inAString.text()).contains("\"s\":\"" + digits + "\"");
    }
}
