package dev.jprefect.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** {@link RequestHandler#handleSafely}: what every transport answers when a handler fails. */
class RequestHandlerTest {

    private static final ApiRequest REQUEST = ApiRequest.get(URI.create("/api/flows/"));

    @Test
    void aResponseIsPassedOnAsIs() {
        ApiResponse ok = ApiResponse.json(200, "[]");

        assertThat(RequestHandler.handleSafely(request -> ok, REQUEST)).isSameAs(ok);
    }

    @Test
    void aThrowingHandlerGivesA500DetailWithoutTheExceptionsMessage() {
        ApiResponse response = RequestHandler.handleSafely(request -> {
            throw new IllegalStateException("password=hunter2");
        }, REQUEST);

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.bodyAsString()).isEqualTo("{\"detail\":\"Internal Server Error\"}");
        assertThat(response.headers().first("Content-Type")).hasValue("application/json");
    }

    @Test
    void aHandlerReturningNullGivesA500Too() {
        assertThat(RequestHandler.handleSafely(request -> null, REQUEST).status()).isEqualTo(500);
    }

    @Test
    void errorsOfTheJvmItselfPropagate() {
        assertThatThrownBy(() -> RequestHandler.handleSafely(request -> {
            throw new StackOverflowError("deep");
        }, REQUEST)).isInstanceOf(StackOverflowError.class);
    }
}
