/**
 * Defines jprefect's embedded Prefect-compatible server: the Prefect 3 REST API (health, admin,
 * CSRF tokens, flows, flow runs, task runs, their states, logs, variables) as a
 * {@code RequestHandler}, with Prefect's validation errors and orchestration rules, over
 * thread-safe in-memory storage. It opens no socket.
 *
 * <p>Exports {@code dev.jprefect.server} ({@code PrefectServer} and its builder); everything else
 * (routing, validation, JSON, storage, orchestration) is internal. Provides
 * {@code dev.jprefect.transport.spi.EmbeddedServerProvider} (named {@code jprefect}), which is how
 * clients in ephemeral mode and the test harness find it.
 *
 * <p>Reads the settings {@code PREFECT_SERVER_API_DEFAULT_LIMIT} (default 200),
 * {@code PREFECT_SERVER_API_AUTH_STRING} (unset: no authentication),
 * {@code PREFECT_SERVER_API_CSRF_PROTECTION_ENABLED} (false) and
 * {@code PREFECT_SERVER_API_CSRF_TOKEN_EXPIRATION} (one hour).
 *
 * @since 0.1
 */
module dev.jprefect.server {
    requires transitive dev.jprefect.api;
    requires com.squareup.moshi;
    // The JSON reader parses request bodies from their bytes through an okio buffer.
    requires okio;

    exports dev.jprefect.server;

    provides dev.jprefect.transport.spi.EmbeddedServerProvider
            with dev.jprefect.server.internal.JprefectServerProvider;
}
