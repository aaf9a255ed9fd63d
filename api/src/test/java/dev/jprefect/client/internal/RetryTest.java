package dev.jprefect.client.internal;

import static dev.jprefect.client.internal.Clients.NO_JITTER;
import static dev.jprefect.client.internal.Clients.client;
import static dev.jprefect.client.internal.Clients.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jprefect.client.PrefectClientException;
import dev.jprefect.client.PrefectHttpStatusException;
import dev.jprefect.internal.math.Jitter;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.TransportException;
import dev.jprefect.transport.TransportException.Kind;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryTest {
    private final ScriptedTransport transport = new ScriptedTransport().otherwise(r -> ApiResponse.json(200, "true"));
    private final VirtualSleeper sleeper = new VirtualSleeper();

    private static <T> Throwable failureOf(CompletableFuture<T> future) {
        try {
            future.join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected the call to fail");
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 502, 503})
    void retriesTheStatusesPrefectRetries(int status) {
        transport.thenRespond(status, "{\"detail\":\"busy\"}");

        assertThat(client(transport, sleeper, NO_JITTER).health().join()).isTrue();

        assertThat(transport.requests()).hasSize(2);
        assertThat(sleeper.sleepSeconds()).containsExactly(2.0);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 422, 500, 504})
    void doesNotRetryOtherStatuses(int status) {
        transport.thenRespond(status, "{\"detail\":\"no\"}");

        Throwable failure = failureOf(client(transport, sleeper, NO_JITTER).health());

        assertThat(failure).isInstanceOf(PrefectHttpStatusException.class);
        assertThat(((PrefectHttpStatusException) failure).status()).isEqualTo(status);
        assertThat(transport.requests()).hasSize(1);
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void retriesTheExtraCodesFromTheSetting() {
        transport.thenRespond(500, "{}").thenRespond(504, "{}");

        var client = client(transport, sleeper, settings(NO_JITTER, "PREFECT_CLIENT_RETRY_EXTRA_CODES", "500,504"));

        assertThat(client.health().join()).isTrue();
        assertThat(transport.requests()).hasSize(3);
    }

    @Test
    void backsOffTwoToTheNSecondsAndGivesUpAfterMaxRetriesWithTheLastResponse() {
        for (int i = 0; i < 10; i++) {
            transport.thenRespond(503, "{\"detail\":\"attempt " + i + "\"}");
        }

        Throwable failure = failureOf(client(transport, sleeper, NO_JITTER).health());

        assertThat(transport.requests()).hasSize(6); // the first attempt and PREFECT_CLIENT_MAX_RETRIES=5 retries
        assertThat(sleeper.sleepSeconds()).containsExactly(2.0, 4.0, 8.0, 16.0, 32.0);
        assertThat(failure).isInstanceOf(PrefectHttpStatusException.class).hasMessageContaining("attempt 5");
    }

    @Test
    void maxRetriesComesFromTheSetting() {
        for (int i = 0; i < 5; i++) {
            transport.thenRespond(503, "{}");
        }
        var client = client(transport, sleeper, settings(NO_JITTER, "PREFECT_CLIENT_MAX_RETRIES", "2"));

        assertThat(failureOf(client.health())).isInstanceOf(PrefectHttpStatusException.class);
        assertThat(transport.requests()).hasSize(3);

        ScriptedTransport none = new ScriptedTransport().thenRespond(503, "{}");
        var noRetries = client(none, sleeper, settings(NO_JITTER, "PREFECT_CLIENT_MAX_RETRIES", "0"));
        assertThat(failureOf(noRetries.health())).isInstanceOf(PrefectHttpStatusException.class);
        assertThat(none.requests()).hasSize(1);
    }

    @Test
    void waitsTheRetryAfterSecondsInsteadOfTheBackOff() {
        transport.thenRespond(ApiResponse.builder(429).header("Retry-After", "7").build())
                .thenRespond(ApiResponse.builder(503).header("Retry-After", "0.5").build());

        assertThat(client(transport, sleeper, NO_JITTER).health().join()).isTrue();

        assertThat(sleeper.sleepSeconds()).containsExactly(7.0, 0.5);
    }

    @Test
    void waitsUntilTheRetryAfterHttpDate() {
        String in30s = DateTimeFormatter.RFC_1123_DATE_TIME.format(sleeper.now().plusSeconds(30).atOffset(ZoneOffset.UTC));
        transport.thenRespond(ApiResponse.builder(503).header("Retry-After", in30s).build());

        assertThat(client(transport, sleeper, NO_JITTER).health().join()).isTrue();

        assertThat(sleeper.sleepSeconds()).containsExactly(30.0);
    }

    @Test
    void jittersRetryAfterOnlyUpwardWithinTheFactor() {
        for (double u : new double[] {0.0, 0.01, 0.5, 0.99, 0.999999}) {
            ScriptedTransport t = new ScriptedTransport().otherwise(r -> ApiResponse.json(200, "true"))
                    .thenRespond(ApiResponse.builder(429).header("Retry-After", "10").build());
            VirtualSleeper s = new VirtualSleeper();
            var client = client(t, s, settings(NO_JITTER, "PREFECT_CLIENT_RETRY_JITTER_FACTOR", "0.2"), () -> u);

            client.health().join();

            assertThat(s.sleepSeconds()).singleElement().satisfies(d -> assertThat(d).isBetween(10.0, 12.0));
        }
    }

    @Test
    void jittersTheBackOffBothWaysAroundTwoToTheN() {
        ScriptedTransport low = new ScriptedTransport().otherwise(r -> ApiResponse.json(200, "true")).thenRespond(503, "{}");
        ScriptedTransport high = new ScriptedTransport().otherwise(r -> ApiResponse.json(200, "true")).thenRespond(503, "{}");
        VirtualSleeper lowSleeper = new VirtualSleeper();
        VirtualSleeper highSleeper = new VirtualSleeper();
        var jittered = settings(NO_JITTER, "PREFECT_CLIENT_RETRY_JITTER_FACTOR", "0.2");

        client(low, lowSleeper, jittered, () -> 0.0).health().join();
        client(high, highSleeper, jittered, () -> 0.999999).health().join();

        double lowest = lowSleeper.sleepSeconds().get(0);
        double highest = highSleeper.sleepSeconds().get(0);
        assertThat(lowest).isLessThan(2.0).isEqualTo(2.0 * Jitter.lowerClampMultiple(1.2), within(1e-6));
        assertThat(highest).isGreaterThan(2.0).isCloseTo(2.4, within(1e-4));
    }

    @Test
    void maintenanceResponsesDoNotCountAgainstTheLimit() {
        ApiResponse maintenance = ApiResponse.builder(503).header("Prefect-Maintenance", "true").build();
        for (int i = 0; i < 4; i++) {
            transport.thenRespond(maintenance);
        }
        var client = client(transport, sleeper, settings(NO_JITTER, "PREFECT_CLIENT_MAX_RETRIES", "1"));

        assertThat(client.health().join()).isTrue();

        assertThat(transport.requests()).hasSize(5);
        assertThat(sleeper.sleepSeconds()).containsExactly(1.0, 1.0, 1.0, 1.0); // 2^0: the count stays at 0
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"READ_TIMEOUT", "CONNECT_TIMEOUT", "CONNECTION_RESET", "PROTOCOL_ERROR"})
    void retriesTimeoutsResetsAndProtocolErrors(Kind kind) {
        transport.thenFail(kind).thenFail(kind);

        assertThat(client(transport, sleeper, NO_JITTER).health().join()).isTrue();

        assertThat(transport.requests()).hasSize(3);
        assertThat(sleeper.sleepSeconds()).containsExactly(2.0, 4.0);
    }

    @Test
    void rethrowsTheTransportFailureWhenRetriesRunOut() {
        for (int i = 0; i < 3; i++) {
            transport.thenFail(Kind.READ_TIMEOUT);
        }
        var client = client(transport, sleeper, settings(NO_JITTER, "PREFECT_CLIENT_MAX_RETRIES", "2"));

        Throwable failure = failureOf(client.health());

        assertThat(failure).isInstanceOf(PrefectClientException.class)
                .hasMessageContaining("GET http://prefect.test/api/health")
                .hasMessageContaining("READ_TIMEOUT")
                .hasCauseInstanceOf(TransportException.class);
        assertThat(transport.requests()).hasSize(3);
    }

    @Test
    void doesNotRetryAClosedTransport() {
        transport.thenFail(Kind.CLOSED);

        assertThat(failureOf(client(transport, sleeper, NO_JITTER).health())).hasCauseInstanceOf(TransportException.class);
        assertThat(transport.requests()).hasSize(1);
    }

    @Test
    void aRefusedConnectionFailsAtOnceBeforeTheClientHasConnected() {
        transport.thenFail(Kind.CONNECT_REFUSED);

        Throwable failure = failureOf(client(transport, sleeper, NO_JITTER).health());

        assertThat(failure).isInstanceOf(PrefectClientException.class)
                .hasMessageContaining("http://prefect.test/api")
                .hasMessageContaining("PREFECT_API_URL")
                .hasMessageContaining("refused");
        assertThat(transport.requests()).hasSize(1);
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void aRefusedConnectionIsRetriedOnceTheClientHasConnected() {
        var client = client(transport, sleeper, NO_JITTER);
        assertThat(client.health().join()).isTrue(); // connected once
        transport.thenFail(Kind.CONNECT_REFUSED).thenFail(Kind.CONNECT_REFUSED);

        assertThat(client.health().join()).isTrue();

        assertThat(transport.requests()).hasSize(4);
        assertThat(sleeper.sleepSeconds()).containsExactly(2.0, 4.0);
    }

    @Test
    void aFailedFirstRequestDoesNotCountAsConnected() {
        transport.thenFail(Kind.CONNECT_REFUSED).thenFail(Kind.CONNECT_REFUSED);
        var client = client(transport, sleeper, NO_JITTER);

        failureOf(client.health());
        failureOf(client.health());

        assertThat(transport.requests()).hasSize(2);
        assertThat(client.pipeline().retryStep().hasConnected()).isFalse();
    }

    @Test
    void waitsAreScheduledNotBlocking() {
        sleeper.hold();
        transport.thenRespond(503, "{}");

        CompletableFuture<Boolean> health = client(transport, sleeper, NO_JITTER).health();

        assertThat(health).isNotDone(); // the caller's thread came back while the retry waits
        assertThat(transport.requests()).hasSize(1);
        sleeper.releaseAll();
        assertThat(health.join()).isTrue();
        assertThat(transport.requests()).hasSize(2);
    }

    @Test
    void anUnreadableRetryAfterFallsBackToTheBackOff() {
        transport.thenRespond(ApiResponse.builder(503).header("Retry-After", "soon").build());

        assertThat(client(transport, sleeper, NO_JITTER).health().join()).isTrue();

        assertThat(sleeper.sleepSeconds()).isEqualTo(List.of(2.0));
    }
}
