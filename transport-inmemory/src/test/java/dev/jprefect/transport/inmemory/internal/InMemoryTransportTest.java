package dev.jprefect.transport.inmemory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.InProcessApps;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.TransportException;
import dev.jprefect.transport.Transports;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What the in-memory transport promises beyond the shared contract. */
class InMemoryTransportTest {

    @Test
    void sendsOnTheCallersThreadAndReturnsACompletedFuture() {
        AtomicReference<Thread> handlerThread = new AtomicReference<>();
        try (InProcessApps.Registration app = InProcessApps.registerUnique("thread", request -> {
            handlerThread.set(Thread.currentThread());
            return ApiResponse.json(200, "{}");
        }); Transport transport = Transports.open(TransportConfig.of(app.apiUrl()))) {

            CompletableFuture<ApiResponse> response = transport.send(ApiRequest.get(URI.create(app.apiUrl() + "/x")));

            assertThat(response).isCompleted();
            assertThat(handlerThread.get()).isSameAs(Thread.currentThread());
        }
    }

    @Test
    void theHandlerSeesTheRequestLineAsANetworkServerWould() {
        AtomicReference<ApiRequest> seen = new AtomicReference<>();
        try (InProcessApps.Registration app = InProcessApps.registerUnique("line", request -> {
            seen.set(request);
            return ApiResponse.json(200, "{}");
        }); Transport transport = Transports.open(TransportConfig.of(app.apiUrl()))) {

            transport.send(ApiRequest.get(URI.create(app.apiUrl() + "/flows/?limit=5&q=a%20b"))).join();

            assertThat(seen.get().uri()).hasToString("/api/flows/?limit=5&q=a%20b");
            assertThat(seen.get().uri().isAbsolute()).isFalse();
        }
    }

    @Test
    void aMissingAppIsRefusedNamingTheAppAndTheRegisteredNames() {
        try (InProcessApps.Registration other = InProcessApps.registerUnique("present", request -> null);
                Transport transport = Transports.open(TransportConfig.of(InProcessApps.apiUrl("absent")))) {
            URI uri = URI.create("inmemory://absent/api/health");

            CompletableFuture<ApiResponse> response = transport.send(ApiRequest.get(uri));

            assertThat(response).isCompletedExceptionally();
            TransportException failure = failure(response);
            assertThat(failure.kind()).isEqualTo(TransportException.Kind.CONNECT_REFUSED);
            assertThat(failure.uri()).isEqualTo(uri);
            assertThat(failure).hasMessageContaining("'absent'").hasMessageContaining(other.name());
        }
    }

    @Test
    void aTimedOutCallLeavesTheCallerUninterrupted() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (InProcessApps.Registration app = InProcessApps.registerUnique("slow", request -> {
            try {
                never.await(30, TimeUnit.SECONDS);
                return ApiResponse.json(200, "{}");
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted", e);
            }
        }); Transport transport = Transports.open(
                TransportConfig.of(app.apiUrl()).withRequestTimeout(Duration.ofMillis(50)))) {

            CompletableFuture<ApiResponse> response = transport.send(ApiRequest.get(URI.create(app.apiUrl() + "/x")));

            assertThat(failure(response).kind()).isEqualTo(TransportException.Kind.READ_TIMEOUT);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        } finally {
            never.countDown();
        }
    }

    @Test
    void aCallerInterruptedBeforehandStaysInterrupted() {
        try (InProcessApps.Registration app = InProcessApps.registerUnique("quick", request -> ApiResponse.json(200, "{}"));
                Transport transport = Transports.open(TransportConfig.of(app.apiUrl()))) {
            Thread.currentThread().interrupt();

            ApiResponse response = transport.send(ApiRequest.get(URI.create(app.apiUrl() + "/x"))).join();

            assertThat(Thread.interrupted()).as("interrupt flag, cleared here").isTrue();
            assertThat(response.status()).isEqualTo(200);
        }
    }

    @Test
    void theProviderIsSelectedByNameOrByTheInmemoryScheme() {
        URI apiUrl = InProcessApps.apiUrl("anything");

        assertThat(Transports.select(apiUrl, null, Transports.providers()).name()).isEqualTo("inmemory");
        assertThat(Transports.select(apiUrl, "INMEMORY", Transports.providers()))
                .isInstanceOf(InMemoryTransportProvider.class);
    }

    private static TransportException failure(CompletableFuture<ApiResponse> response) {
        try {
            response.join();
            throw new AssertionError("expected a failure, got " + response.join());
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(TransportException.class);
            return (TransportException) e.getCause();
        }
    }
}
