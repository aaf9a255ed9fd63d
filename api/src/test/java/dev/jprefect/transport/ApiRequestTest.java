package dev.jprefect.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ApiRequestTest {

    private static final URI FLOWS = URI.create("http://127.0.0.1:4200/api/flows/filter?limit=5&name=a%20b");

    @Test
    void theBuilderMakesAnImmutableRequest() {
        byte[] body = "{\"x\":1}".getBytes(StandardCharsets.UTF_8);
        ApiRequest request = ApiRequest.builder("post", FLOWS)
                .header("Content-Type", "application/json")
                .header("X-Tag", "a")
                .header("x-tag", "b")
                .body(body)
                .build();
        body[0] = '!';

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo(FLOWS);
        assertThat(request.headers().all("X-TAG")).containsExactly("a", "b");
        assertThat(request.bodyAsString()).isEqualTo("{\"x\":1}");
        request.body()[0] = '!';
        assertThat(request.bodyAsString()).as("body() returns a copy").isEqualTo("{\"x\":1}");
        assertThat(request.bodyLength()).isEqualTo(7);
    }

    @Test
    void pathAndQueryStayPercentEncoded() {
        ApiRequest request = ApiRequest.get(URI.create("http://h/api/items/a%2Fb%20c?q=%26x&flag"));

        assertThat(request.path()).isEqualTo("/api/items/a%2Fb%20c");
        assertThat(request.rawQuery()).isEqualTo("q=%26x&flag");
    }

    @Test
    void aUriWithoutPathHasTheRootPathAndNoQuery() {
        ApiRequest request = ApiRequest.get(URI.create("http://127.0.0.1:4200"));

        assertThat(request.path()).isEqualTo("/");
        assertThat(request.rawQuery()).isNull();
    }

    @Test
    void withersReturnModifiedCopies() {
        ApiRequest original = ApiRequest.builder("GET", FLOWS).header("Accept", "a/b").build();

        ApiRequest withHeader = original.withHeader("ACCEPT", "c/d");
        ApiRequest moved = original.withUri(URI.create("/api/flows/filter"));

        assertThat(original.headers().all("Accept")).containsExactly("a/b");
        assertThat(withHeader.headers().all("Accept")).containsExactly("c/d");
        assertThat(moved.uri()).hasToString("/api/flows/filter");
        assertThat(moved.headers()).isEqualTo(original.headers());
        assertThat(original.toBuilder().body("x").build().bodyAsString()).isEqualTo("x");
        assertThat(original.bodyLength()).isZero();
    }

    @Test
    void anAbsentBodyIsEmptyNotNull() throws Exception {
        ApiRequest request = ApiRequest.get(FLOWS);

        assertThat(request.body()).isEmpty();
        assertThat(request.bodyAsString()).isEmpty();
        try (InputStream in = request.bodyStream()) {
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(ApiRequest.builder("POST", FLOWS).body((byte[]) null).build().bodyLength()).isZero();
    }

    @Test
    void requestsWithTheSameContentAreEqual() {
        ApiRequest one = ApiRequest.builder("PUT", FLOWS).header("A", "1").body("x").build();

        assertThat(one).isEqualTo(ApiRequest.builder("put", FLOWS).header("a", "1").body("x").build());
        assertThat(one).hasSameHashCodeAs(ApiRequest.builder("put", FLOWS).header("a", "1").body("x").build());
        assertThat(one).isNotEqualTo(ApiRequest.builder("PUT", FLOWS).header("A", "1").body("y").build());
    }

    @Test
    void toStringShowsMethodUriAndSizeButNoCredentials() {
        ApiRequest request = ApiRequest.builder("POST", FLOWS).header("Authorization", "Bearer k3y").body("12345").build();

        assertThat(request.toString()).startsWith("POST " + FLOWS).contains("5 bytes").doesNotContain("k3y");
    }

    @Test
    void badMethodsAndMissingUrisAreRefused() {
        assertThatThrownBy(() -> ApiRequest.builder("", FLOWS)).hasMessageContaining("empty");
        assertThatThrownBy(() -> ApiRequest.builder("GET /x", FLOWS)).hasMessageContaining("'GET /x'");
        assertThatThrownBy(() -> ApiRequest.builder(null, FLOWS)).hasMessageContaining("method");
        assertThatThrownBy(() -> ApiRequest.builder("GET", null)).hasMessageContaining("uri");
        assertThatThrownBy(() -> ApiRequest.get(FLOWS).withUri(null)).hasMessageContaining("uri");
    }
}
