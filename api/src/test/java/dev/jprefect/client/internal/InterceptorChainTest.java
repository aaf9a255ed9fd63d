package dev.jprefect.client.internal;

import static dev.jprefect.client.internal.Clients.NO_JITTER;
import static dev.jprefect.client.internal.Clients.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.client.Interceptor;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InterceptorChainTest {
    private final ScriptedTransport transport = new ScriptedTransport().otherwise(r -> ApiResponse.json(200, "true"));
    private final VirtualSleeper sleeper = new VirtualSleeper();

    @Test
    void interceptorsRunInOrderOnEveryAttemptWithTheFinalHeaders() {
        List<String> seen = new ArrayList<>();
        Interceptor first = chain -> {
            seen.add("first " + chain.request().headers().first("User-Agent").isPresent());
            return chain.proceed(chain.request().withHeader("X-Step", "1"));
        };
        Interceptor second = chain -> {
            seen.add("second " + chain.request().headers().first("X-Step").orElse("-"));
            return chain.proceed(chain.request());
        };
        transport.thenRespond(503, "{}");

        client(transport, sleeper, NO_JITTER, first, second).health().join();

        assertThat(seen).containsExactly("first true", "second 1", "first true", "second 1");
        assertThat(transport.requests()).allSatisfy(r -> assertThat(r.headers().first("X-Step")).contains("1"));
    }

    @Test
    void anInterceptorMayAnswerWithoutProceeding() {
        Interceptor cache = chain -> CompletableFuture.completedFuture(ApiResponse.json(200, "false"));

        assertThat(client(transport, sleeper, NO_JITTER, cache).health().join()).isFalse();
        assertThat(transport.requests()).isEmpty();
    }

    @Test
    void anInterceptorsAnswerGoesThroughTheRetryRules() {
        int[] calls = {0};
        Interceptor flaky = chain -> ++calls[0] == 1
                ? CompletableFuture.completedFuture(ApiResponse.json(502, "{}"))
                : chain.proceed(chain.request());

        assertThat(client(transport, sleeper, NO_JITTER, flaky).health().join()).isTrue();
        assertThat(sleeper.sleepSeconds()).containsExactly(2.0);
    }

    @Test
    void callingProceedTwiceFailsNamingTheInterceptorsIndex() {
        Interceptor fine = chain -> chain.proceed(chain.request());
        Interceptor greedy = chain -> {
            chain.proceed(chain.request());
            return chain.proceed(chain.request());
        };

        assertThatThrownBy(() -> client(transport, sleeper, NO_JITTER, fine, greedy).health().join())
                .hasCauseInstanceOf(IllegalStateException.class)
                .cause().hasMessageContaining("interceptor 1 (")
                .hasMessageContaining("must call proceed() at most once");
    }

    @Test
    void returningNullFailsNamingTheInterceptor() {
        Interceptor broken = chain -> null;

        assertThatThrownBy(() -> client(transport, sleeper, NO_JITTER, broken).health().join())
                .cause().hasMessageContaining("interceptor 0 (").hasMessageContaining("returned null");
    }

    @Test
    void anExceptionThrownByAnInterceptorFailsTheCallWithoutRetrying() {
        Interceptor throwing = chain -> {
            throw new IllegalArgumentException("bad request shape");
        };

        assertThatThrownBy(() -> client(transport, sleeper, NO_JITTER, throwing).health().join())
                .cause().isInstanceOf(IllegalArgumentException.class).hasMessage("bad request shape");
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void theChainExposesTheRequest() {
        List<ApiRequest> seen = new ArrayList<>();
        client(transport, sleeper, NO_JITTER, chain -> {
            seen.add(chain.request());
            return chain.proceed(chain.request());
        }).health().join();

        assertThat(seen).singleElement().satisfies(r -> assertThat(r.path()).isEqualTo("/api/health"));
    }
}
