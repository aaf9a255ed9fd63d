package dev.jprefect.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private final Instant now = Instant.parse("2015-10-21T07:27:00Z");

    @Test
    void readsSecondsIncludingFractions() {
        assertThat(RetryAfter.parse("120", now)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 1.5 ", now)).contains(Duration.ofMillis(1500));
        assertThat(RetryAfter.parse("-3", now)).contains(Duration.ZERO);
    }

    @Test
    void readsAnHttpDate() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", now)).contains(Duration.ofSeconds(60));
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", now)).contains(Duration.ZERO);
    }

    @Test
    void rejectsAnythingElse() {
        assertThat(RetryAfter.parse("later", now)).isEmpty();
        assertThat(RetryAfter.parse("NaN", now)).isEmpty();
    }
}
