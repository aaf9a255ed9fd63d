package dev.jprefect.server.internal.storage;

import java.time.Instant;

/** The CSRF token of one client, as Prefect's {@code CsrfToken}. One per client. */
public final class CsrfTokenRow extends Row<CsrfTokenRow> {
    public static final Index<CsrfTokenRow> BY_CLIENT = Index.unique("client", t -> t.client);
    public static final TableSpec<CsrfTokenRow> TABLE = TableSpec.of("csrf_token", BY_CLIENT);

    public static final Column<CsrfTokenRow, Instant> EXPIRATION = Column.of("expiration", t -> t.expiration);

    public String token;
    public String client;
    public Instant expiration;

    @Override
    public CsrfTokenRow copy() {
        CsrfTokenRow c = copyBase(new CsrfTokenRow());
        c.token = token;
        c.client = client;
        c.expiration = expiration;
        return c;
    }
}
