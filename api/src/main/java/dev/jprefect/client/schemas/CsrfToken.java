package dev.jprefect.client.schemas;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A CSRF token issued by {@code GET /csrf-token?client=ID}, Prefect's {@code CsrfToken}. The client
 * sends it back in the {@code Prefect-Csrf-Token} header (with its id in {@code Prefect-Csrf-Client})
 * on every change request until it expires.
 *
 * @param id the token record's id
 * @param created when it was issued
 * @param updated when it was last updated
 * @param token the token text
 * @param client the client id it was issued to
 * @param expiration when it stops being accepted
 */
public record CsrfToken(
        UUID id,
        OffsetDateTime created,
        OffsetDateTime updated,
        String token,
        String client,
        OffsetDateTime expiration) {
}
