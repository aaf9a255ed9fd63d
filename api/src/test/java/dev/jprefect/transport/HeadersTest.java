package dev.jprefect.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeadersTest {

    @Test
    void namesAreCaseInsensitive() {
        Headers headers = Headers.of("Content-Type", "application/json");

        assertThat(headers.first("content-type")).hasValue("application/json");
        assertThat(headers.first("CONTENT-TYPE")).hasValue("application/json");
        assertThat(headers.contains("cOnTeNt-TyPe")).isTrue();
        assertThat(headers.all("content-TYPE")).containsExactly("application/json");
    }

    @Test
    void aNameCarriesSeveralValuesInTheOrderAdded() {
        Headers headers = Headers.builder()
                .add("Set-Cookie", "a=1")
                .add("set-cookie", "b=2")
                .add("SET-COOKIE", "c=3")
                .build();

        assertThat(headers.all("Set-Cookie")).containsExactly("a=1", "b=2", "c=3");
        assertThat(headers.first("set-cookie")).hasValue("a=1");
        assertThat(headers.names()).containsExactly("Set-Cookie"); // spelled as first added
    }

    @Test
    void missingNamesGiveNothing() {
        Headers headers = Headers.empty();

        assertThat(headers.isEmpty()).isTrue();
        assertThat(headers.first("Accept")).isEmpty();
        assertThat(headers.all("Accept")).isEmpty();
        assertThat(headers.contains("Accept")).isFalse();
    }

    @Test
    void derivingReturnsCopiesAndLeavesTheOriginalAlone() {
        Headers original = Headers.of("Accept", "a/b", "X-Tag", "one");

        Headers added = original.with("x-tag", "two");
        Headers replaced = original.withReplaced("X-TAG", "only");
        Headers removed = original.without("x-tag");

        assertThat(original.all("X-Tag")).containsExactly("one");
        assertThat(added.all("X-Tag")).containsExactly("one", "two");
        assertThat(replaced.all("X-Tag")).containsExactly("only");
        assertThat(removed.contains("X-Tag")).isFalse();
        assertThat(removed.first("Accept")).hasValue("a/b");
        assertThat(original.without("Absent")).isSameAs(original);
    }

    @Test
    void builtHeadersAreImmutable() {
        Headers.Builder builder = Headers.builder().add("X-A", "1");
        Headers built = builder.build();
        builder.add("X-A", "2").add("X-B", "3");

        assertThat(built.all("X-A")).containsExactly("1");
        assertThat(built.contains("X-B")).isFalse();
        assertThatThrownBy(() -> built.all("X-A").add("9")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> built.toMap().put("X-C", List.of("1"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> built.names().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> built.toMap().get("X-A").clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aToBuilderCopyDoesNotWriteThrough() {
        Headers original = Headers.of("X-A", "1");

        original.toBuilder().add("X-A", "2").build();

        assertThat(original.all("X-A")).containsExactly("1");
    }

    @Test
    void fromAMapKeepsEveryValue() {
        Headers headers = Headers.of(Map.of("Accept", List.of("a/b", "c/d")));

        assertThat(headers.all("accept")).containsExactly("a/b", "c/d");
    }

    @Test
    void equalityIgnoresTheCaseOfNamesButNotTheOrderOfValues() {
        Headers one = Headers.of("Accept", "a", "accept", "b");

        assertThat(one).isEqualTo(Headers.of("ACCEPT", "a", "Accept", "b"));
        assertThat(one).hasSameHashCodeAs(Headers.of("ACCEPT", "a", "Accept", "b"));
        assertThat(one).isNotEqualTo(Headers.of("Accept", "b", "Accept", "a"));
    }

    @Test
    void forEachVisitsEveryPair() {
        StringBuilder seen = new StringBuilder();

        Headers.of("B", "2", "A", "1", "b", "3").forEach((name, value) -> seen.append(name).append(value).append(' '));

        assertThat(seen.toString()).isEqualTo("A1 B2 B3 ");
    }

    @Test
    void credentialsAreRedactedFromToString() {
        Headers headers = Headers.of("Authorization", "Bearer s3cret", "Cookie", "id=s3cret",
                "Prefect-Csrf-Token", "s3cret", "Accept", "application/json");

        assertThat(headers.toString()).doesNotContain("s3cret").contains("Accept: application/json")
                .contains("Authorization: <redacted>");
    }

    @Test
    void aRedactedCopyHidesEveryCredentialHeaderAndKeepsTheRest() {
        Headers headers = Headers.of("authorization", "Bearer s3cret", "Proxy-Authorization", "Basic s3cret",
                "Cookie", "a=s3cret", "Set-Cookie", "b=s3cret", "X-Api-Key", "s3cret", "Prefect-Csrf-Token", "s3cret",
                "Accept", "application/json", "X-Multi", "1", "X-Multi", "2");

        Headers redacted = headers.redacted();

        assertThat(redacted.toString()).doesNotContain("s3cret");
        assertThat(redacted.all("Set-Cookie")).containsExactly("<redacted>");
        assertThat(redacted.all("x-api-key")).containsExactly("<redacted>");
        assertThat(redacted.all("X-Multi")).containsExactly("1", "2");
        assertThat(redacted.first("Accept")).contains("application/json");
        assertThat(headers.first("Authorization")).contains("Bearer s3cret");
    }

    @ParameterizedTest(name = "header name \"{0}\" is refused")
    @ValueSource(strings = {"", "Bad Name", "Colon:", "Tab\tName", "Caf\u00e9", "Quote\"", "Slash/", "New\nLine"})
    void invalidNamesAreRefused(String name) {
        assertThatThrownBy(() -> Headers.of(name, "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("header name");
    }

    @ParameterizedTest(name = "a value with control character {0} is refused")
    @ValueSource(ints = {0, '\r', '\n', 0x1b, 0x7f})
    void valuesWithControlCharactersAreRefusedNamingTheHeader(int control) {
        String value = "a" + (char) control + "b";

        assertThatThrownBy(() -> Headers.of("X-Evil", value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'X-Evil'")
                .hasMessageContaining("index 1");
    }

    @Test
    void tabsAndNonAsciiAreFineInValues() {
        Headers headers = Headers.of("X-Text", "caf\u00e9\tna\u00efve");

        assertThat(headers.first("x-text")).hasValue("caf\u00e9\tna\u00efve");
    }

    @Test
    void nullsAndOddArgumentCountsAreRefused() {
        assertThatThrownBy(() -> Headers.of("A", "1", "B")).hasMessageContaining("got 3 strings");
        assertThatThrownBy(() -> Headers.of((String) null, "1")).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("header name");
        assertThatThrownBy(() -> Headers.of("X-Null", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("X-Null");
    }
}
