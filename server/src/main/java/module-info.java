/**
 * Defines jprefect's embedded Prefect-compatible server: the Prefect 3 REST API (health, admin,
 * CSRF tokens, flows, flow runs, task runs, their states, logs, variables) as a
 * {@code RequestHandler}, with Prefect's validation errors and orchestration rules, over
 * thread-safe indexed in-memory storage, or a database when the module
 * {@code dev.jprefect.server.jdbc} is on the path and the server is built with one. It opens no
 * socket.
 *
 * <p>Exports {@code dev.jprefect.server} ({@code PrefectServer} and its builder) and
 * {@code dev.jprefect.server.spi} ({@code UiBundleProvider}, which it {@code uses} to find Prefect's
 * built UI, served beside the API when a module such as {@code dev.jprefect.ui} provides it); everything else
 * (routing, validation, JSON, storage, orchestration) is internal. Provides
 * {@code dev.jprefect.transport.spi.EmbeddedServerProvider} (named {@code jprefect}), which is how
 * clients in ephemeral mode and the test harness find it. Uses
 * {@code dev.jprefect.server.internal.storage.StorageProvider}, an internal service exported to
 * {@code dev.jprefect.server.jdbc} alone, to open a database.
 *
 * <p>Reads the settings {@code PREFECT_SERVER_API_DEFAULT_LIMIT} (default 200),
 * {@code PREFECT_SERVER_API_AUTH_STRING} (unset: no authentication),
 * {@code PREFECT_SERVER_API_CSRF_PROTECTION_ENABLED} (false) and
 * {@code PREFECT_SERVER_API_CSRF_TOKEN_EXPIRATION} (one hour), the CORS lists
 * {@code PREFECT_SERVER_API_CORS_ALLOWED_ORIGINS}, {@code _METHODS}, {@code _HEADERS} ({@code *}), and
 * for the UI {@code PREFECT_SERVER_UI_ENABLED} (true), {@code PREFECT_SERVER_UI_V2_ENABLED} (true),
 * {@code PREFECT_SERVER_UI_API_URL} (unset: {@code PREFECT_API_URL}, else the server's address) and
 * {@code PREFECT_SERVER_UI_SERVE_BASE} ({@code /}).
 *
 * @since 0.1
 */
// The qualified export below names a module that depends on this one, so it cannot be on the path
// when this module compiles: javac's "module not found" for it says nothing wrong.
@SuppressWarnings("module")
module dev.jprefect.server {
    requires transitive dev.jprefect.api;
    requires com.squareup.moshi;
    // The JSON reader parses request bodies from their bytes through an okio buffer.
    requires okio;

    exports dev.jprefect.server;
    exports dev.jprefect.server.spi;
    // The storage SPI (Storage, tables, rows, StorageProvider) for the database stores, and no one else.
    exports dev.jprefect.server.internal.storage to dev.jprefect.server.jdbc;

    uses dev.jprefect.server.spi.UiBundleProvider;
    uses dev.jprefect.server.internal.storage.StorageProvider;

    provides dev.jprefect.transport.spi.EmbeddedServerProvider
            with dev.jprefect.server.internal.JprefectServerProvider;
}
