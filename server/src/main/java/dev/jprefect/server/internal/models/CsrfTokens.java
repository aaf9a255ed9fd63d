package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.storage.Condition;
import dev.jprefect.server.internal.storage.CsrfTokenRow;
import dev.jprefect.server.internal.storage.Query;
import dev.jprefect.server.internal.storage.Storage;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/** CSRF tokens, as Prefect's {@code models.csrf_token}: one per client, issued and checked. */
public final class CsrfTokens {
    /** Bytes of randomness in a token (64 hex digits, as Prefect's {@code token_hex(32)}). */
    static final int TOKEN_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Storage storage;
    private final InstantSource clock;

    CsrfTokens(Storage storage, InstantSource clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /** Creates or replaces the token of {@code client}, valid for {@code lifetime}; drops expired tokens. */
    public Map<String, Object> issue(String client, Duration lifetime) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            CsrfTokenRow token = tx.table(CsrfTokenRow.TABLE).findUnique(CsrfTokenRow.BY_CLIENT, client).orElseGet(() -> {
                CsrfTokenRow fresh = new CsrfTokenRow();
                fresh.id = UUID.randomUUID();
                fresh.created = now;
                fresh.client = client;
                return fresh;
            });
            byte[] bytes = new byte[TOKEN_BYTES];
            RANDOM.nextBytes(bytes);
            token.token = HexFormat.of().formatHex(bytes);
            token.expiration = now.plus(lifetime);
            token.updated = now;
            tx.table(CsrfTokenRow.TABLE).put(token);
            Condition<CsrfTokenRow> expired = Condition.not(Condition.between(CsrfTokenRow.EXPIRATION, now, null));
            for (CsrfTokenRow other : tx.table(CsrfTokenRow.TABLE).find(Query.of(expired))) {
                tx.table(CsrfTokenRow.TABLE).remove(other.id);
            }
            return Views.csrfToken(token);
        });
    }

    /** Returns true if {@code token} is the unexpired token of {@code client} (compared in constant time). */
    public boolean isValid(String client, String token) {
        Instant now = clock.instant();
        return storage.read(tx -> tx.table(CsrfTokenRow.TABLE).findUnique(CsrfTokenRow.BY_CLIENT, client)
                .filter(t -> t.expiration.isAfter(now))
                .map(t -> MessageDigest.isEqual(t.token.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8)))
                .orElse(false));
    }
}
