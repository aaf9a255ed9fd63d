package dev.jprefect.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.Moshi;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiResponseTest {

    @Test
    void jsonSetsTheContentType() {
        ApiResponse response = ApiResponse.json(201, "{\"id\":\"1\"}");

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.headers().first("content-type")).hasValue("application/json");
        assertThat(response.bodyAsString()).isEqualTo("{\"id\":\"1\"}");
        assertThat(response.isSuccessful()).isTrue();
    }

    @Test
    void detailIsFastApisErrorShapeWithTheTextEscaped() throws Exception {
        String awkward = "quote \" backslash \\ newline \n tab \t control \u0001 unicode \u00e9 \u2028";

        ApiResponse response = ApiResponse.detail(404, awkward);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.headers().first("Content-Type")).hasValue("application/json");
        Map<?, ?> parsed = new Moshi.Builder().build().adapter(Map.class).fromJson(response.bodyAsString());
        assertThat(parsed).isEqualTo(Map.of("detail", awkward));
        assertThat(response.bodyAsString()).doesNotContain("\n");
    }

    @ParameterizedTest(name = "status {0} is successful")
    @ValueSource(ints = {200, 201, 204, 299})
    void twoHundredsAreSuccessful(int status) {
        assertThat(ApiResponse.builder(status).build().isSuccessful()).isTrue();
    }

    @ParameterizedTest(name = "status {0} is not successful")
    @ValueSource(ints = {100, 199, 300, 404, 500, 599})
    void everythingElseIsNot(int status) {
        assertThat(ApiResponse.builder(status).build().isSuccessful()).isFalse();
    }

    @ParameterizedTest(name = "status {0} is refused")
    @ValueSource(ints = {-1, 0, 99, 600, 1000})
    void statusesOutsideTheHttpRangeAreRefused(int status) {
        assertThatThrownBy(() -> ApiResponse.builder(status))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(status));
    }

    @Test
    void theBodyIsCopiedInAndOut() {
        byte[] bytes = {1, 2, 3};
        ApiResponse response = ApiResponse.builder(200).body(bytes).build();
        bytes[0] = 9;
        response.body()[1] = 9;

        assertThat(response.body()).containsExactly(1, 2, 3);
    }

    @Test
    void toBuilderCopiesAndEqualityComparesContent() {
        ApiResponse original = ApiResponse.builder(200).header("X-A", "1").body("x").build();

        ApiResponse copy = original.toBuilder().build();
        ApiResponse changed = original.toBuilder().header("X-A", "2").build();

        assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original);
        assertThat(changed.headers().all("x-a")).containsExactly("1", "2");
        assertThat(original.headers().all("x-a")).containsExactly("1");
        assertThat(original.toString()).startsWith("200 ").contains("1 bytes");
    }
}
