/**
 * Defines the {@code jprefect} command line. {@code jprefect server start} serves the embedded
 * Prefect-compatible server ({@code dev.jprefect.server}) on a port with the Netty host
 * ({@code dev.jprefect.transport.netty}) until Ctrl-C or SIGTERM; {@code jprefect flow-run
 * ls|inspect|cancel} and {@code jprefect deployment ls|inspect|run} talk to the API at
 * {@code PREFECT_API_URL} as a client (through the HTTP
 * transport, found as a service); {@code jprefect config view} prints the settings in force;
 * {@code jprefect --version} the version.
 *
 * <p>Exports {@code dev.jprefect.cli} (the entry point {@code Main}); the command parsing and
 * running is internal. Uses and provides no service.
 *
 * <p>Reads the settings {@code PREFECT_SERVER_API_HOST} (default 127.0.0.1) and
 * {@code PREFECT_SERVER_API_PORT} (default 4200) for the defaults of {@code --host} and
 * {@code --port}, {@code PREFECT_API_DATABASE_CONNECTION_URL} (default SQLite at
 * {@code PREFECT_HOME/prefect.db}, {@code PREFECT_HOME} defaulting to {@code ~/.prefect}) for where
 * the server keeps its rows, and passes every setting on to the server it starts.
 *
 * @since 0.1
 */
module dev.jprefect.cli {
    requires dev.jprefect.api;
    requires dev.jprefect.server;
    // server start keeps its rows in SQLite (or PostgreSQL): the server finds this module's storage as a service
    requires dev.jprefect.server.jdbc;
    requires dev.jprefect.transport.netty;

    exports dev.jprefect.cli;
}
