package dev.jprefect.integration;

import static dev.jprefect.integration.Clients.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.client.PrefectAsyncClient;
import dev.jprefect.client.PrefectClientException;
import dev.jprefect.client.schemas.FlowCreate;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.TransportException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Transport failures: which are retried, and what the client says when it gives up. */
class ConnectionFailuresTest {
    private static final String FLOW = "{\"id\":\"5f1b5c8e-6d0a-4a57-9d3c-1a2b3c4d5e6f\",\"name\":\"etl\"}";

    private final RecordingSleeper sleeper = new RecordingSleeper();

    @ParameterizedTest
    @EnumSource(Via.class)
    void aWrongUrlFailsAtOnceNamingTheUrlAndTheSetting(Via via) {
        Via.Served gone = via.serve(ScriptedApp.healthy());
        URI url = gone.apiUrl();
        gone.close();
        try (PrefectAsyncClient client = client(url, sleeper)) {

            assertThatThrownBy(() -> client.blocking().health())
                    .isInstanceOf(PrefectClientException.class)
                    .hasMessageContaining("Cannot connect to the Prefect API at " + url)
                    .hasMessageContaining("PREFECT_API_URL")
                    .hasRootCauseInstanceOf(Exception.class)
                    .satisfies(e -> assertThat(((TransportException) e.getCause()).kind())
                            .isEqualTo(TransportException.Kind.CONNECT_REFUSED));
            assertThat(sleeper.waits()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void aRefusedConnectionIsRetriedAfterTheClientHasConnectedOnce(Via via) {
        Via.Served served = via.serve(ScriptedApp.healthy());
        try (PrefectAsyncClient client = client(served.apiUrl(), sleeper, "PREFECT_CLIENT_MAX_RETRIES", "2")) {
            assertThat(client.health().join()).isTrue();
            served.close(); // the server goes away after a first success

            assertThatThrownBy(() -> client.blocking().health())
                    .isInstanceOf(PrefectClientException.class).hasMessageContaining("refused");
            assertThat(sleeper.waits()).containsExactly(2.0, 4.0);
        }
    }

    /**
     * Issue 12, finding 11: during an outage the client says, once per retry, what failed and when
     * it tries again, and its error when it gives up says how many attempts over how long.
     */
    @ParameterizedTest
    @EnumSource(Via.class)
    void eachRetryLogsOneWarningAndTheFinalErrorSaysHowLongItTried(Via via) {
        Via.Served served = via.serve(ScriptedApp.healthy());
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("dev.jprefect.client");
        logger.addHandler(handler);
        try (PrefectAsyncClient client = client(served.apiUrl(), sleeper, "PREFECT_CLIENT_MAX_RETRIES", "2")) {
            assertThat(client.health().join()).isTrue();
            served.close(); // the server goes away (kill -9, a restart)

            assertThatThrownBy(() -> client.blocking().health())
                    .isInstanceOf(PrefectClientException.class)
                    .hasMessageContaining("Cannot connect to the Prefect API at " + served.apiUrl())
                    .hasMessageContaining("gave up after 3 attempts in 6.0 s (PREFECT_CLIENT_MAX_RETRIES=2)");
            assertThat(records).extracting(LogRecord::getLevel).containsExactly(Level.WARNING, Level.WARNING);
            assertThat(records.get(0).getMessage()).startsWith("GET " + served.apiUrl() + "/health failed (")
                    .endsWith("); retry 1 of 2 in 2.0 s");
            assertThat(records.get(1).getMessage()).endsWith("); retry 2 of 2 in 4.0 s");
        } finally {
            logger.removeHandler(handler);
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void aReadTimeoutIsRetried(Via via) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        ScriptedApp app = ScriptedApp.healthy().then(request -> {
            try {
                release.await(30, TimeUnit.SECONDS); // far beyond the client's timeout below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ApiResponse.json(200, "true");
        });
        Via.Served served = via.serve(app);
        try (PrefectAsyncClient client = client(served.apiUrl(), sleeper, "PREFECT_API_REQUEST_TIMEOUT", "0.3")) {

            assertThat(client.health().join()).isTrue();

            assertThat(app.received()).hasSize(2);
            assertThat(sleeper.waits()).containsExactly(2.0);
        } finally {
            release.countDown();
            served.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void aReadTimeoutThatPersistsEndsInAnErrorNamingIt(Via via) {
        CountDownLatch release = new CountDownLatch(1);
        ScriptedApp app = new ScriptedApp(request -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ApiResponse.json(200, "true");
        });
        Via.Served served = via.serve(app);
        try (PrefectAsyncClient client = client(served.apiUrl(), sleeper, "PREFECT_API_REQUEST_TIMEOUT", "0.2",
                "PREFECT_CLIENT_MAX_RETRIES", "1")) {

            assertThatThrownBy(() -> client.blocking().health())
                    .isInstanceOf(PrefectClientException.class).hasMessageContaining("READ_TIMEOUT")
                    .hasMessageContaining(served.apiUrl().toString());
            assertThat(sleeper.waits()).containsExactly(2.0);
        } finally {
            release.countDown();
            served.close();
        }
    }

    @Test
    void aDroppedConnectionIsRetried() throws Exception {
        try (RawHttpPeer peer = new RawHttpPeer(FLOW, RawHttpPeer.Behaviour.DROP);
                PrefectAsyncClient client = client(peer.apiUrl(), sleeper, "PREFECT_CLIENT_CSRF_SUPPORT_ENABLED", "false")) {

            assertThat(client.createFlow(FlowCreate.of("etl")).join().name()).isEqualTo("etl");

            assertThat(peer.connections()).isEqualTo(2);
            assertThat(sleeper.waits()).containsExactly(2.0);
        }
    }

    @Test
    void aProtocolErrorIsRetried() throws Exception {
        try (RawHttpPeer peer = new RawHttpPeer(FLOW, RawHttpPeer.Behaviour.GARBAGE, RawHttpPeer.Behaviour.GARBAGE);
                PrefectAsyncClient client = client(peer.apiUrl(), sleeper, "PREFECT_CLIENT_CSRF_SUPPORT_ENABLED", "false")) {

            assertThat(client.createFlow(FlowCreate.of("etl")).join().name()).isEqualTo("etl");

            assertThat(peer.connections()).isEqualTo(3);
            assertThat(sleeper.waits()).containsExactly(2.0, 4.0);
        }
    }

    @Test
    void theClientSaysWhichFailureEndedTheRetries() throws Exception {
        try (RawHttpPeer peer = new RawHttpPeer(FLOW, RawHttpPeer.Behaviour.DROP, RawHttpPeer.Behaviour.DROP);
                PrefectAsyncClient client = client(peer.apiUrl(), sleeper, "PREFECT_CLIENT_CSRF_SUPPORT_ENABLED", "false",
                        "PREFECT_CLIENT_MAX_RETRIES", "1")) {

            assertThatThrownBy(() -> client.blocking().createFlow(FlowCreate.of("etl")))
                    .isInstanceOf(PrefectClientException.class)
                    .hasMessageContaining("POST " + peer.apiUrl() + "/flows/")
                    .hasMessageContaining("CONNECTION_RESET");
        }
    }
}
