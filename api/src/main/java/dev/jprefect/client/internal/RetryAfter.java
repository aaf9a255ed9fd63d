package dev.jprefect.client.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads a {@code Retry-After} header: delay-seconds (Prefect reads it as a float, so fractions are
 * accepted) or an HTTP-date (RFC 9110, e.g. {@code Wed, 21 Oct 2015 07:28:00 GMT}).
 */
final class RetryAfter {
    private RetryAfter() {
    }

    /**
     * Returns how long the server asks to wait, never negative (a date in the past means now), or
     * empty if the value is neither a number nor an HTTP date.
     */
    static Optional<Duration> parse(String value, Instant now) {
        String text = value.trim();
        try {
            double seconds = Double.parseDouble(text);
            if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                return Optional.empty();
            }
            return Optional.of(seconds <= 0 ? Duration.ZERO : Duration.ofNanos(Math.round(seconds * 1e9)));
        } catch (NumberFormatException notSeconds) {
            // try an HTTP date
        }
        try {
            Instant when = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration delay = Duration.between(now, when);
            return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }
}
