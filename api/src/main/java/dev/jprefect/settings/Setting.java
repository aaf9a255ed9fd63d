package dev.jprefect.settings;

import dev.jprefect.internal.json.SchemaJson;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A known Prefect setting: its environment variable name, the older names it also answers to, its
 * default, and how its text becomes a value. The catalogue is the constants of this class, named
 * and defaulted as in Prefect's settings schema; read one with {@link Settings#get(Setting)}.
 *
 * <pre>{@code
 * Duration timeout = Settings.current().get(Setting.API_REQUEST_TIMEOUT); // 60 s unless set
 * }</pre>
 *
 * @param <T> the type of the setting's value
 */
public final class Setting<T> {

    // ---- API and client -------------------------------------------------------------------

    /** {@code PREFECT_API_URL}: the API to talk to, e.g. {@code http://127.0.0.1:4200/api}; unset means ephemeral or unconfigured. */
    public static final Setting<Optional<URI>> API_URL = optional("PREFECT_API_URL", Setting::parseApiUrl, "an absolute URL such as http://127.0.0.1:4200/api");
    /** {@code PREFECT_API_KEY}: sent as {@code Authorization: Bearer <key>}. */
    public static final Setting<Optional<String>> API_KEY = secret(optional("PREFECT_API_KEY", t -> t, "text"));
    /** {@code PREFECT_API_AUTH_STRING}: {@code user:password}, sent as basic auth. */
    public static final Setting<Optional<String>> API_AUTH_STRING = secret(optional("PREFECT_API_AUTH_STRING", t -> t, "text"));
    /** {@code PREFECT_CLOUD_API_URL}: an API URL under this one is Prefect Cloud. */
    public static final Setting<URI> CLOUD_API_URL = of("PREFECT_CLOUD_API_URL", "https://api.prefect.cloud/api", Setting::parseApiUrl, "an absolute URL");
    /** {@code PREFECT_API_REQUEST_TIMEOUT}: seconds one request may take; default 60. */
    public static final Setting<Duration> API_REQUEST_TIMEOUT = of("PREFECT_API_REQUEST_TIMEOUT", "60.0", Setting::parsePositiveSeconds, "a positive number of seconds");
    /** {@code PREFECT_API_ENABLE_HTTP2}: offer HTTP/2; default false. */
    public static final Setting<Boolean> API_ENABLE_HTTP2 = of("PREFECT_API_ENABLE_HTTP2", "false", Setting::parseBoolean, "true or false");
    /** {@code PREFECT_API_TLS_INSECURE_SKIP_VERIFY}: accept any TLS certificate; default false. */
    public static final Setting<Boolean> API_TLS_INSECURE_SKIP_VERIFY = of("PREFECT_API_TLS_INSECURE_SKIP_VERIFY", "false", Setting::parseBoolean, "true or false");
    /** {@code PREFECT_API_SSL_CERT_FILE}: a PEM file of the CA certificates to trust. */
    public static final Setting<Optional<Path>> API_SSL_CERT_FILE = optional("PREFECT_API_SSL_CERT_FILE", Setting::parsePath, "a file path");
    /** {@code PREFECT_CLIENT_MAX_RETRIES}: retries of a retryable response or failure; default 5. */
    public static final Setting<Integer> CLIENT_MAX_RETRIES = of("PREFECT_CLIENT_MAX_RETRIES", "5", t -> parseInt(t, 0, Integer.MAX_VALUE), "a whole number of at least 0");
    /** {@code PREFECT_CLIENT_RETRY_JITTER_FACTOR}: the spread of back-off waits; default 0.2. */
    public static final Setting<Double> CLIENT_RETRY_JITTER_FACTOR = of("PREFECT_CLIENT_RETRY_JITTER_FACTOR", "0.2", t -> parseDouble(t, 0), "a number of at least 0");
    /** {@code PREFECT_CLIENT_RETRY_EXTRA_CODES}: more HTTP statuses to retry, e.g. {@code 500,504}. */
    public static final Setting<Set<Integer>> CLIENT_RETRY_EXTRA_CODES = of("PREFECT_CLIENT_RETRY_EXTRA_CODES", "", Setting::parseStatusCodes, "HTTP status codes from 100 to 599, e.g. 500,504 or [500, 504]");
    /** {@code PREFECT_CLIENT_CSRF_SUPPORT_ENABLED}: fetch and send CSRF tokens; default true. */
    public static final Setting<Boolean> CLIENT_CSRF_SUPPORT_ENABLED = of("PREFECT_CLIENT_CSRF_SUPPORT_ENABLED", "true", Setting::parseBoolean, "true or false");
    /** {@code PREFECT_CLIENT_CUSTOM_HEADERS}: a JSON object of headers added to every request. */
    public static final Setting<Map<String, String>> CLIENT_CUSTOM_HEADERS = of("PREFECT_CLIENT_CUSTOM_HEADERS", "", Setting::parseStringObject, "a JSON object of strings, e.g. {\"X-Team\": \"data\"}");
    /** {@code PREFECT_CLIENT_TRANSPORT} (jprefect only): the transport provider to use whatever the URL's scheme. */
    public static final Setting<Optional<String>> CLIENT_TRANSPORT = jprefect(optional("PREFECT_CLIENT_TRANSPORT", String::trim, "a transport provider name"),
            "the transport provider to use whatever the URL's scheme (`http`, `inmemory`, or your own provider's name); unset means the highest-priority provider for the URL's scheme");

    // ---- server -------------------------------------------------------------------------

    /** {@code PREFECT_HOME}: Prefect's home directory; default {@code ~/.prefect}. {@code jprefect server start} keeps its SQLite database there. */
    public static final Setting<Path> HOME = of("PREFECT_HOME", "~/.prefect", Setting::parseHomePath, "a directory path");
    /**
     * {@code PREFECT_SERVER_DATABASE_CONNECTION_URL} (also read as {@code PREFECT_API_DATABASE_CONNECTION_URL}):
     * the database of {@code jprefect server start}, e.g. {@code postgresql+asyncpg://user:password@host:5432/prefect};
     * unset means SQLite at {@code PREFECT_HOME/prefect.db}.
     */
    public static final Setting<Optional<String>> SERVER_DATABASE_CONNECTION_URL = secret(optional("PREFECT_SERVER_DATABASE_CONNECTION_URL", String::trim,
            "a database URL such as sqlite+aiosqlite:////home/me/.prefect/prefect.db or postgresql+asyncpg://user:password@host:5432/prefect",
            "PREFECT_API_DATABASE_CONNECTION_URL"));
    /**
     * {@code PREFECT_SERVER_DATABASE_TIMEOUT} (also read as {@code PREFECT_API_DATABASE_TIMEOUT}): seconds one
     * statement of a database's store may take, waiting for another process's lock included (PostgreSQL's
     * {@code statement_timeout}; SQLite's busy timeout); default 10. Past it the request is answered 503.
     */
    public static final Setting<Duration> SERVER_DATABASE_TIMEOUT = of("PREFECT_SERVER_DATABASE_TIMEOUT", "10.0", Setting::parsePositiveSeconds,
            "a positive number of seconds", "PREFECT_API_DATABASE_TIMEOUT");
    /**
     * {@code PREFECT_SERVER_DATABASE_CONNECTION_TIMEOUT} (also read as {@code PREFECT_API_DATABASE_CONNECTION_TIMEOUT}):
     * seconds to connect to PostgreSQL and log in; default 5.
     */
    public static final Setting<Duration> SERVER_DATABASE_CONNECTION_TIMEOUT = of("PREFECT_SERVER_DATABASE_CONNECTION_TIMEOUT", "5.0",
            Setting::parsePositiveSeconds, "a positive number of seconds", "PREFECT_API_DATABASE_CONNECTION_TIMEOUT");
    /**
     * {@code PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_SIZE} (also read as {@code PREFECT_SQLALCHEMY_POOL_SIZE}): the
     * most connections a database's store uses for requests at once; default 5.
     */
    public static final Setting<Integer> SERVER_DATABASE_SQLALCHEMY_POOL_SIZE = of("PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_SIZE", "5",
            t -> parseInt(t, 1, 10_000), "a whole number from 1 to 10000", "PREFECT_SQLALCHEMY_POOL_SIZE");
    /**
     * {@code PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_TIMEOUT}: seconds a request waits for one of the pool's
     * connections (and for its process's turn to write) before it is answered 503; default 30.
     */
    public static final Setting<Duration> SERVER_DATABASE_SQLALCHEMY_POOL_TIMEOUT = of("PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_TIMEOUT", "30.0",
            Setting::parsePositiveSeconds, "a positive number of seconds");
    /** {@code PREFECT_SERVER_DATABASE_TABLE_LOADERS} (jprefect only): tables a database's store loads into memory at once; default 3. */
    public static final Setting<Integer> SERVER_DATABASE_TABLE_LOADERS = jprefect(of("PREFECT_SERVER_DATABASE_TABLE_LOADERS", "3",
            t -> parseInt(t, 1, 64), "a whole number from 1 to 64"),
            "tables a server on a database reads into memory at once, in the background, each over a connection of its own (besides the pool's)");
    /** {@code PREFECT_SERVER_DATABASE_TABLE_LOAD_TIMEOUT} (jprefect only): seconds a request waits for a table still loading; default 30. */
    public static final Setting<Duration> SERVER_DATABASE_TABLE_LOAD_TIMEOUT = jprefect(of("PREFECT_SERVER_DATABASE_TABLE_LOAD_TIMEOUT", "30",
            Setting::parsePositiveSeconds, "a positive number of seconds"),
            "seconds a request waits for a table a server on a database is still reading into memory (after a start) before it is answered 503, which Prefect's clients retry; the load goes on");
    /** {@code PREFECT_SERVER_DATABASE_TABLE_LOAD_READ_TIMEOUT} (jprefect only): seconds a table's load waits for the database's next rows; default 600. */
    public static final Setting<Duration> SERVER_DATABASE_TABLE_LOAD_READ_TIMEOUT = jprefect(of("PREFECT_SERVER_DATABASE_TABLE_LOAD_READ_TIMEOUT", "600",
            Setting::parsePositiveSeconds, "a positive number of seconds"),
            "seconds a table's load waits for the next rows from PostgreSQL (the first may come only after the database sorted the whole table: minutes for millions of runs on a busy machine); past it the load is given up and starts again when next asked for");
    /** {@code PREFECT_SERVER_DATABASE_TOMBSTONE_PRUNE_INTERVAL} (jprefect only): write transactions between prunings of removal markers; default 1000. */
    public static final Setting<Integer> SERVER_DATABASE_TOMBSTONE_PRUNE_INTERVAL = jprefect(of("PREFECT_SERVER_DATABASE_TOMBSTONE_PRUNE_INTERVAL", "1000",
            t -> parseInt(t, 1, Integer.MAX_VALUE), "a whole number of at least 1"),
            "write transactions between two prunings of the markers a database keeps of removed rows (so that other servers sharing it learn of the removals)");
    /** {@code PREFECT_SERVER_DATABASE_TOMBSTONE_RETENTION} (jprefect only): the last write transactions whose removal markers are kept; default 10000. */
    public static final Setting<Integer> SERVER_DATABASE_TOMBSTONE_RETENTION = jprefect(of("PREFECT_SERVER_DATABASE_TOMBSTONE_RETENTION", "10000",
            t -> parseInt(t, 1, Integer.MAX_VALUE), "a whole number of at least 1"),
            "the last write transactions whose removal markers a pruning keeps; a server sharing the database that is further behind reads its tables again");
    /** {@code PREFECT_SERVER_ALLOW_EPHEMERAL_MODE}: with no API URL, run the embedded server in-process; default true, as Prefect's default profile sets it. */
    public static final Setting<Boolean> SERVER_ALLOW_EPHEMERAL_MODE = of("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "true", Setting::parseBoolean, "true or false", "PREFECT_SERVER_EPHEMERAL_ENABLED");
    /** {@code PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS}: how long an ephemeral server may take to start; default 20. */
    public static final Setting<Duration> SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS = of("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "20", Setting::parsePositiveSeconds, "a positive number of seconds");
    /** {@code PREFECT_SERVER_API_HOST}: where {@code jprefect server start} listens; default 127.0.0.1. */
    public static final Setting<String> SERVER_API_HOST = of("PREFECT_SERVER_API_HOST", "127.0.0.1", String::trim, "a host name or address");
    /** {@code PREFECT_SERVER_API_PORT}: the port {@code jprefect server start} listens on; default 4200. */
    public static final Setting<Integer> SERVER_API_PORT = of("PREFECT_SERVER_API_PORT", "4200", t -> parseInt(t, 0, 65535), "a port from 0 to 65535");
    /** {@code PREFECT_SERVER_API_AUTH_STRING}: {@code user:password} the server requires as basic auth. */
    public static final Setting<Optional<String>> SERVER_API_AUTH_STRING = secret(optional("PREFECT_SERVER_API_AUTH_STRING", t -> t, "text"));
    /**
     * {@code PREFECT_SERVER_ANALYTICS_ENABLED}: whether the server allows anonymous usage analytics;
     * default true, as Prefect's. jprefect's server sends none itself; it serves the value at
     * {@code /admin/settings} ({@code server.analytics_enabled}), where Prefect's UI reads it to decide
     * whether the browser sends its own, so false turns the UI's analytics off.
     */
    public static final Setting<Boolean> SERVER_ANALYTICS_ENABLED = of("PREFECT_SERVER_ANALYTICS_ENABLED", "true", Setting::parseBoolean, "true or false");
    /** {@code PREFECT_SERVER_API_CSRF_PROTECTION_ENABLED}: require CSRF tokens on change requests; default false. */
    public static final Setting<Boolean> SERVER_API_CSRF_PROTECTION_ENABLED = of("PREFECT_SERVER_API_CSRF_PROTECTION_ENABLED", "false", Setting::parseBoolean, "true or false", "PREFECT_SERVER_CSRF_PROTECTION_ENABLED");
    /** {@code PREFECT_SERVER_API_CSRF_TOKEN_EXPIRATION}: how long a CSRF token lives; default one hour. */
    public static final Setting<Duration> SERVER_API_CSRF_TOKEN_EXPIRATION = of("PREFECT_SERVER_API_CSRF_TOKEN_EXPIRATION", "PT1H", Setting::parseDuration, "an ISO-8601 duration such as PT1H, or seconds", "PREFECT_SERVER_CSRF_TOKEN_EXPIRATION");
    /** {@code PREFECT_SERVER_API_DEFAULT_LIMIT}: the page size of filter routes; default 200. */
    public static final Setting<Integer> SERVER_API_DEFAULT_LIMIT = of("PREFECT_SERVER_API_DEFAULT_LIMIT", "200", t -> parseInt(t, 1, Integer.MAX_VALUE), "a whole number of at least 1", "PREFECT_API_DEFAULT_LIMIT");
    /** {@code PREFECT_SERVER_API_KEEPALIVE_TIMEOUT}: seconds an idle connection is kept open waiting for its next request; default 5. */
    public static final Setting<Duration> SERVER_API_KEEPALIVE_TIMEOUT = of("PREFECT_SERVER_API_KEEPALIVE_TIMEOUT", "5", Setting::parsePositiveSeconds, "a positive number of seconds");
    /** {@code PREFECT_SERVER_API_HEADER_TIMEOUT} (jprefect only): seconds from a request's first byte to the end of its headers; default 10. */
    public static final Setting<Duration> SERVER_API_HEADER_TIMEOUT = jprefect(of("PREFECT_SERVER_API_HEADER_TIMEOUT", "10", Setting::parsePositiveSeconds, "a positive number of seconds"),
            "seconds from a request's first byte to the end of its headers; slower requests are answered 408 and their connection closed");
    /** {@code PREFECT_SERVER_API_BODY_TIMEOUT} (jprefect only): seconds from the end of a request's headers to the end of its body; default 60. */
    public static final Setting<Duration> SERVER_API_BODY_TIMEOUT = jprefect(of("PREFECT_SERVER_API_BODY_TIMEOUT", "60", Setting::parsePositiveSeconds, "a positive number of seconds"),
            "seconds from the end of a request's headers to the end of its body; slower bodies are answered 408 and their connection closed");
    /** {@code PREFECT_SERVER_API_MAX_CONNECTIONS} (jprefect only): connections open at once; unset means three quarters of the process's descriptor limit. */
    public static final Setting<Optional<Integer>> SERVER_API_MAX_CONNECTIONS = jprefect(optional("PREFECT_SERVER_API_MAX_CONNECTIONS", t -> parseInt(t, 1, Integer.MAX_VALUE), "a whole number of at least 1"),
            "connections open at once; one more is answered 503 with `Retry-After: 1` and closed; unset means three quarters of the process's descriptor limit (`ulimit -n`), at most 10,000");
    /** {@code PREFECT_SERVER_API_MAX_BODY_SIZE} (jprefect only): the largest request body in bytes; default 10 MiB. */
    public static final Setting<Integer> SERVER_API_MAX_BODY_SIZE = jprefect(of("PREFECT_SERVER_API_MAX_BODY_SIZE", "10485760", t -> parseInt(t, 1, Integer.MAX_VALUE - 8), "a whole number of bytes of at least 1"),
            "the largest request body in bytes; larger ones are answered 413");
    /** {@code PREFECT_SERVER_API_BODY_MEMORY_BUDGET} (jprefect only): bytes of request bodies held at once across all connections; unset means a quarter of the maximum heap. */
    public static final Setting<Optional<Long>> SERVER_API_BODY_MEMORY_BUDGET = jprefect(optional("PREFECT_SERVER_API_BODY_MEMORY_BUDGET", t -> parseLong(t, 1), "a whole number of bytes of at least 1"),
            "bytes of request bodies held at once across all connections; a body that does not fit (while others are held) is answered 503 with `Retry-After: 1` and its connection closed; unset means a quarter of the maximum heap");

    /** {@code PREFECT_SERVER_API_CORS_ALLOWED_ORIGINS}: comma-separated origins allowed cross-origin requests; default {@code *}, all. */
    public static final Setting<List<String>> SERVER_API_CORS_ALLOWED_ORIGINS = of("PREFECT_SERVER_API_CORS_ALLOWED_ORIGINS", "*", Setting::parseCommaList, "a comma-separated list, or *", "PREFECT_SERVER_CORS_ALLOWED_ORIGINS");
    /** {@code PREFECT_SERVER_API_CORS_ALLOWED_METHODS}: comma-separated methods allowed cross-origin; default {@code *}, all. */
    public static final Setting<List<String>> SERVER_API_CORS_ALLOWED_METHODS = of("PREFECT_SERVER_API_CORS_ALLOWED_METHODS", "*", Setting::parseCommaList, "a comma-separated list, or *", "PREFECT_SERVER_CORS_ALLOWED_METHODS");
    /** {@code PREFECT_SERVER_API_CORS_ALLOWED_HEADERS}: comma-separated request headers allowed cross-origin; default {@code *}, all. */
    public static final Setting<List<String>> SERVER_API_CORS_ALLOWED_HEADERS = of("PREFECT_SERVER_API_CORS_ALLOWED_HEADERS", "*", Setting::parseCommaList, "a comma-separated list, or *", "PREFECT_SERVER_CORS_ALLOWED_HEADERS");

    /** {@code PREFECT_SERVER_FLOW_RUN_GRAPH_MAX_NODES}: the most nodes a flow run's graph may have; default 10000. */
    public static final Setting<Integer> SERVER_FLOW_RUN_GRAPH_MAX_NODES = of("PREFECT_SERVER_FLOW_RUN_GRAPH_MAX_NODES", "10000", t -> parseInt(t, 0, Integer.MAX_VALUE), "a whole number of at least 0", "PREFECT_API_MAX_FLOW_RUN_GRAPH_NODES");
    /** {@code PREFECT_SERVER_FLOW_RUN_GRAPH_MAX_ARTIFACTS}: the most artifacts a flow run's graph shows; default 10000. */
    public static final Setting<Integer> SERVER_FLOW_RUN_GRAPH_MAX_ARTIFACTS = of("PREFECT_SERVER_FLOW_RUN_GRAPH_MAX_ARTIFACTS", "10000", t -> parseInt(t, 0, Integer.MAX_VALUE), "a whole number of at least 0", "PREFECT_API_MAX_FLOW_RUN_GRAPH_ARTIFACTS");
    /** {@code PREFECT_SERVER_EVENTS_MAXIMUM_LABELS_PER_RESOURCE}: labels an event's resource may have; default 500. */
    public static final Setting<Integer> SERVER_EVENTS_MAXIMUM_LABELS_PER_RESOURCE = of("PREFECT_SERVER_EVENTS_MAXIMUM_LABELS_PER_RESOURCE", "500", t -> parseInt(t, 0, Integer.MAX_VALUE), "a whole number of at least 0", "PREFECT_EVENTS_MAXIMUM_LABELS_PER_RESOURCE");
    /** {@code PREFECT_SERVER_EVENTS_MAXIMUM_RELATED_RESOURCES}: related resources an event may have; default 100. */
    public static final Setting<Integer> SERVER_EVENTS_MAXIMUM_RELATED_RESOURCES = of("PREFECT_SERVER_EVENTS_MAXIMUM_RELATED_RESOURCES", "100", t -> parseInt(t, 0, Integer.MAX_VALUE), "a whole number of at least 0", "PREFECT_EVENTS_MAXIMUM_RELATED_RESOURCES");
    /** {@code PREFECT_SERVER_EVENTS_MAXIMUM_EVENT_NAME_LENGTH}: the longest event name; default 1024. */
    public static final Setting<Integer> SERVER_EVENTS_MAXIMUM_EVENT_NAME_LENGTH = of("PREFECT_SERVER_EVENTS_MAXIMUM_EVENT_NAME_LENGTH", "1024", t -> parseInt(t, 1, Integer.MAX_VALUE), "a whole number of at least 1");
    /** {@code PREFECT_SERVER_EVENTS_MAXIMUM_WEBSOCKET_BACKFILL}: how far back {@code /events/out} backfills; default 15 minutes. */
    public static final Setting<Duration> SERVER_EVENTS_MAXIMUM_WEBSOCKET_BACKFILL = of("PREFECT_SERVER_EVENTS_MAXIMUM_WEBSOCKET_BACKFILL", "PT15M", Setting::parseDuration, "an ISO-8601 duration such as PT15M, or seconds", "PREFECT_EVENTS_MAXIMUM_WEBSOCKET_BACKFILL");
    /** {@code PREFECT_SERVER_EVENTS_WEBSOCKET_BACKFILL_PAGE_SIZE}: events per backfill query of {@code /events/out}; default 250. */
    public static final Setting<Integer> SERVER_EVENTS_WEBSOCKET_BACKFILL_PAGE_SIZE = of("PREFECT_SERVER_EVENTS_WEBSOCKET_BACKFILL_PAGE_SIZE", "250", t -> parseInt(t, 1, Integer.MAX_VALUE), "a whole number of at least 1", "PREFECT_EVENTS_WEBSOCKET_BACKFILL_PAGE_SIZE");
    /** {@code PREFECT_SERVER_EVENTS_SUBSCRIBER_BACKLOG} (jprefect only): events waiting for one {@code /events/out} subscriber before it is closed; default 256. */
    public static final Setting<Integer> SERVER_EVENTS_SUBSCRIBER_BACKLOG = jprefect(of("PREFECT_SERVER_EVENTS_SUBSCRIBER_BACKLOG", "256", t -> parseInt(t, 1, Integer.MAX_VALUE), "a whole number of at least 1"),
            "events that may wait to be sent to one `/events/out` subscriber; a subscriber that falls further behind is closed with 1008 \"subscriber too slow\" (Prefect drops its events instead)");
    /** {@code PREFECT_SERVER_EVENTS_MAXIMUM_COUNT_BUCKETS} (jprefect only): the most time buckets one {@code /events/count-by} may span; default 1000. */
    public static final Setting<Integer> SERVER_EVENTS_MAXIMUM_COUNT_BUCKETS = jprefect(of("PREFECT_SERVER_EVENTS_MAXIMUM_COUNT_BUCKETS", "1000", t -> parseInt(t, 1, Integer.MAX_VALUE), "a whole number of at least 1"),
            "time buckets one `/events/count-by/{countable}` may span (Prefect's fixed `MAX_ALLOWED_BUCKETS`); a longer range or shorter interval is answered 422");
    /** {@code PREFECT_SERVER_API_WEBSOCKET_IDLE_TIMEOUT} (jprefect only): seconds a WebSocket may go without a frame from its client before the server closes it; default 60. */
    public static final Setting<Duration> SERVER_API_WEBSOCKET_IDLE_TIMEOUT = jprefect(of("PREFECT_SERVER_API_WEBSOCKET_IDLE_TIMEOUT", "60", Setting::parsePositiveSeconds, "a positive number of seconds"),
            "seconds a WebSocket on jprefect's Netty server may go without a frame from its client (Prefect's clients ping every 20 s) before the server closes it with 1001");

    // ---- the UI ------------------------------------------------------------------------

    /** {@code PREFECT_SERVER_UI_ENABLED}: whether {@code jprefect server start} serves Prefect's UI; default true. */
    public static final Setting<Boolean> SERVER_UI_ENABLED = of("PREFECT_SERVER_UI_ENABLED", "true", Setting::parseBoolean, "true or false", "PREFECT_UI_ENABLED");
    /** {@code PREFECT_SERVER_UI_V2_ENABLED}: whether the UI's neutral entry points go to the V2 (React) UI; default true. */
    public static final Setting<Boolean> SERVER_UI_V2_ENABLED = of("PREFECT_SERVER_UI_V2_ENABLED", "true", Setting::parseBoolean, "true or false");
    /** {@code PREFECT_SERVER_UI_API_URL}: the API URL the UI calls; unset means {@code PREFECT_API_URL}, else {@code http://HOST:PORT/api} of the server settings. */
    public static final Setting<Optional<String>> SERVER_UI_API_URL = optional("PREFECT_SERVER_UI_API_URL", String::trim, "a URL", "PREFECT_UI_API_URL");
    /** {@code PREFECT_SERVER_UI_SERVE_BASE}: the URL path the UI is served under; default {@code /}. */
    public static final Setting<String> SERVER_UI_SERVE_BASE = of("PREFECT_SERVER_UI_SERVE_BASE", "/", String::trim, "a URL path", "PREFECT_UI_SERVE_BASE");

    // ---- logging, flows, tasks ----------------------------------------------------------

    /** {@code PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED}: run the scheduler service, which makes deployments' scheduled runs; default true. */
    public static final Setting<Boolean> SERVER_SERVICES_SCHEDULER_ENABLED = of("PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED", "true", Setting::parseBoolean, "true or false", "PREFECT_API_SERVICES_SCHEDULER_ENABLED");
    /** {@code PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS}: seconds between the scheduler's rounds; default 60. */
    public static final Setting<Duration> SERVER_SERVICES_SCHEDULER_LOOP_SECONDS = of("PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS", "60", Setting::parsePositiveSeconds, "a positive number of seconds", "PREFECT_API_SERVICES_SCHEDULER_LOOP_SECONDS");
    /** {@code PREFECT_SERVER_SERVICES_SCHEDULER_MAX_RUNS}: the most runs made ahead per schedule; default 100. */
    public static final Setting<Integer> SERVER_SERVICES_SCHEDULER_MAX_RUNS = of("PREFECT_SERVER_SERVICES_SCHEDULER_MAX_RUNS", "100", t -> parseInt(t, 1, Integer.MAX_VALUE), "a whole number of at least 1", "PREFECT_API_SERVICES_SCHEDULER_MAX_RUNS");
    /** {@code PREFECT_SERVER_SERVICES_SCHEDULER_MIN_RUNS}: the fewest runs kept ahead per schedule; default 3. */
    public static final Setting<Integer> SERVER_SERVICES_SCHEDULER_MIN_RUNS = of("PREFECT_SERVER_SERVICES_SCHEDULER_MIN_RUNS", "3", t -> parseInt(t, 0, Integer.MAX_VALUE), "a whole number of at least 0", "PREFECT_API_SERVICES_SCHEDULER_MIN_RUNS");
    /** {@code PREFECT_SERVER_SERVICES_SCHEDULER_MAX_SCHEDULED_TIME}: how far ahead runs are made at most; default 100 days. */
    public static final Setting<Duration> SERVER_SERVICES_SCHEDULER_MAX_SCHEDULED_TIME = of("PREFECT_SERVER_SERVICES_SCHEDULER_MAX_SCHEDULED_TIME", "P100D", Setting::parseDuration, "an ISO-8601 duration such as P100D, or seconds", "PREFECT_API_SERVICES_SCHEDULER_MAX_SCHEDULED_TIME");
    /** {@code PREFECT_SERVER_SERVICES_SCHEDULER_MIN_SCHEDULED_TIME}: how far ahead runs are made at least; default one hour. */
    public static final Setting<Duration> SERVER_SERVICES_SCHEDULER_MIN_SCHEDULED_TIME = of("PREFECT_SERVER_SERVICES_SCHEDULER_MIN_SCHEDULED_TIME", "PT1H", Setting::parseDuration, "an ISO-8601 duration such as PT1H, or seconds", "PREFECT_API_SERVICES_SCHEDULER_MIN_SCHEDULED_TIME");
    /** {@code PREFECT_SERVER_SERVICES_LATE_RUNS_ENABLED}: run the late-runs service, which marks overdue scheduled runs Late; default true. */
    public static final Setting<Boolean> SERVER_SERVICES_LATE_RUNS_ENABLED = of("PREFECT_SERVER_SERVICES_LATE_RUNS_ENABLED", "true", Setting::parseBoolean, "true or false", "PREFECT_API_SERVICES_LATE_RUNS_ENABLED");
    /** {@code PREFECT_SERVER_SERVICES_LATE_RUNS_LOOP_SECONDS}: seconds between the late-runs service's rounds; default 5. */
    public static final Setting<Duration> SERVER_SERVICES_LATE_RUNS_LOOP_SECONDS = of("PREFECT_SERVER_SERVICES_LATE_RUNS_LOOP_SECONDS", "5", Setting::parsePositiveSeconds, "a positive number of seconds", "PREFECT_API_SERVICES_LATE_RUNS_LOOP_SECONDS");
    /** {@code PREFECT_SERVER_SERVICES_LATE_RUNS_AFTER_SECONDS}: how long after its scheduled time a run still Scheduled is Late; default 15 seconds. */
    public static final Setting<Duration> SERVER_SERVICES_LATE_RUNS_AFTER_SECONDS = of("PREFECT_SERVER_SERVICES_LATE_RUNS_AFTER_SECONDS", "15", Setting::parseDuration, "an ISO-8601 duration such as PT15S, or seconds", "PREFECT_API_SERVICES_LATE_RUNS_AFTER_SECONDS");
    /** {@code PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED}: run the triggers service, which evaluates automations' triggers and runs their actions; default true. */
    public static final Setting<Boolean> SERVER_SERVICES_TRIGGERS_ENABLED = of("PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED", "true", Setting::parseBoolean, "true or false", "PREFECT_API_SERVICES_TRIGGERS_ENABLED");
    /** {@code PREFECT_SERVER_EVENTS_PROACTIVE_GRANULARITY}: seconds between evaluations of proactive triggers; default 5. */
    public static final Setting<Duration> SERVER_EVENTS_PROACTIVE_GRANULARITY = of("PREFECT_SERVER_EVENTS_PROACTIVE_GRANULARITY", "5", Setting::parsePositiveSeconds, "a positive number of seconds", "PREFECT_EVENTS_PROACTIVE_GRANULARITY");
    /** {@code PREFECT_SERVER_SERVICES_TRIGGERS_QUEUE_SIZE} (jprefect only): events waiting for the triggers service; default 10000. */
    public static final Setting<Integer> SERVER_SERVICES_TRIGGERS_QUEUE_SIZE = jprefect(of("PREFECT_SERVER_SERVICES_TRIGGERS_QUEUE_SIZE", "10000", t -> parseInt(t, 1, Integer.MAX_VALUE), "a whole number of at least 1"),
            "events that may wait to be evaluated by the triggers service (automations); an event that finds it full is logged and not evaluated (Prefect's message broker has no such bound)");
    /** {@code PREFECT_SERVER_SERVICES_REPOSSESSOR_ENABLED}: run the repossessor, which frees the slots of expired concurrency leases; default true. */
    public static final Setting<Boolean> SERVER_SERVICES_REPOSSESSOR_ENABLED = of("PREFECT_SERVER_SERVICES_REPOSSESSOR_ENABLED", "true", Setting::parseBoolean, "true or false");
    /** {@code PREFECT_SERVER_SERVICES_REPOSSESSOR_LOOP_SECONDS}: seconds between the repossessor's rounds; default 15. */
    public static final Setting<Duration> SERVER_SERVICES_REPOSSESSOR_LOOP_SECONDS = of("PREFECT_SERVER_SERVICES_REPOSSESSOR_LOOP_SECONDS", "15", Setting::parsePositiveSeconds, "a positive number of seconds");
    /** {@code PREFECT_SERVER_CONCURRENCY_MAXIMUM_CONCURRENCY_SLOT_WAIT_SECONDS}: the longest wait a global concurrency limit's 423 advises; default 30. */
    public static final Setting<Double> SERVER_CONCURRENCY_MAXIMUM_CONCURRENCY_SLOT_WAIT_SECONDS = of("PREFECT_SERVER_CONCURRENCY_MAXIMUM_CONCURRENCY_SLOT_WAIT_SECONDS", "30", t -> parseDouble(t, 0), "a number of seconds of at least 0");
    /** {@code PREFECT_SERVER_TASKS_TAG_CONCURRENCY_SLOT_WAIT_SECONDS}: the longest wait a tag concurrency limit advises a task run; default 30. */
    public static final Setting<Double> SERVER_TASKS_TAG_CONCURRENCY_SLOT_WAIT_SECONDS = of("PREFECT_SERVER_TASKS_TAG_CONCURRENCY_SLOT_WAIT_SECONDS", "30", t -> parseDouble(t, 0), "a number of seconds of at least 0", "PREFECT_TASK_RUN_TAG_CONCURRENCY_SLOT_WAIT_SECONDS");
    /** {@code PREFECT_LOGGING_LEVEL}: the level of run loggers; default INFO. */
    public static final Setting<String> LOGGING_LEVEL = of("PREFECT_LOGGING_LEVEL", "INFO", t -> t.trim().toUpperCase(Locale.ROOT), "a level name");
    /** {@code PREFECT_LOGGING_TO_API_ENABLED}: send run logs to the API; default true. */
    public static final Setting<Boolean> LOGGING_TO_API_ENABLED = of("PREFECT_LOGGING_TO_API_ENABLED", "true", Setting::parseBoolean, "true or false");
    /** {@code PREFECT_LOGGING_TO_API_BATCH_INTERVAL}: seconds between log batches; default 2. */
    public static final Setting<Duration> LOGGING_TO_API_BATCH_INTERVAL = of("PREFECT_LOGGING_TO_API_BATCH_INTERVAL", "2.0", Setting::parsePositiveSeconds, "a positive number of seconds");
    /** {@code PREFECT_LOGGING_TO_API_BATCH_SIZE}: the most bytes of logs in one batch; default 4,000,000. */
    public static final Setting<Integer> LOGGING_TO_API_BATCH_SIZE = of("PREFECT_LOGGING_TO_API_BATCH_SIZE", "4000000", t -> parseInt(t, 1, Integer.MAX_VALUE), "a whole number of at least 1");
    /** {@code PREFECT_LOGGING_TO_API_MAX_LOG_SIZE}: the most bytes of one log; default 1,000,000. */
    public static final Setting<Integer> LOGGING_TO_API_MAX_LOG_SIZE = of("PREFECT_LOGGING_TO_API_MAX_LOG_SIZE", "1000000", t -> parseInt(t, 1, Integer.MAX_VALUE), "a whole number of at least 1");
    /** {@code PREFECT_TASKS_RUNNER_THREAD_POOL_MAX_WORKERS}: threads of a flow's task runner; unset means a default. */
    public static final Setting<Optional<Integer>> TASKS_RUNNER_THREAD_POOL_MAX_WORKERS = optional("PREFECT_TASKS_RUNNER_THREAD_POOL_MAX_WORKERS", t -> parseInt(t, 1, Integer.MAX_VALUE), "a whole number of at least 1", "PREFECT_TASK_RUNNER_THREAD_POOL_MAX_WORKERS");
    /** {@code PREFECT_TASKS_DEFAULT_RETRIES}: retries of a task that sets none; default 0. */
    public static final Setting<Integer> TASKS_DEFAULT_RETRIES = of("PREFECT_TASKS_DEFAULT_RETRIES", "0", t -> parseInt(t, 0, Integer.MAX_VALUE), "a whole number of at least 0", "PREFECT_TASK_DEFAULT_RETRIES");
    /** {@code PREFECT_TASKS_DEFAULT_RETRY_DELAY_SECONDS}: retry delay of a task that sets none; default 0. */
    public static final Setting<Duration> TASKS_DEFAULT_RETRY_DELAY_SECONDS = of("PREFECT_TASKS_DEFAULT_RETRY_DELAY_SECONDS", "0", Setting::parseSeconds, "a number of seconds of at least 0", "PREFECT_TASK_DEFAULT_RETRY_DELAY_SECONDS");
    /** {@code PREFECT_FLOWS_DEFAULT_RETRIES}: retries of a flow that sets none; default 0. */
    public static final Setting<Integer> FLOWS_DEFAULT_RETRIES = of("PREFECT_FLOWS_DEFAULT_RETRIES", "0", t -> parseInt(t, 0, Integer.MAX_VALUE), "a whole number of at least 0", "PREFECT_FLOW_DEFAULT_RETRIES");
    /** {@code PREFECT_FLOWS_DEFAULT_RETRY_DELAY_SECONDS}: retry delay of a flow that sets none; default 0. */
    public static final Setting<Duration> FLOWS_DEFAULT_RETRY_DELAY_SECONDS = of("PREFECT_FLOWS_DEFAULT_RETRY_DELAY_SECONDS", "0", Setting::parseSeconds, "a number of seconds of at least 0", "PREFECT_FLOW_DEFAULT_RETRY_DELAY_SECONDS");

    /** {@code PREFECT_RUNNER_POLL_FREQUENCY}: seconds between a runner's polls for due scheduled runs; default 10. */
    public static final Setting<Duration> RUNNER_POLL_FREQUENCY = of("PREFECT_RUNNER_POLL_FREQUENCY", "10", Setting::parsePositiveSeconds, "a positive number of seconds");
    /** {@code PREFECT_RUNNER_PROCESS_LIMIT}: how many flow runs a runner runs at once; default 5. */
    public static final Setting<Integer> RUNNER_PROCESS_LIMIT = of("PREFECT_RUNNER_PROCESS_LIMIT", "5", t -> parseInt(t, 1, Integer.MAX_VALUE), "a whole number of at least 1");
    /** {@code PREFECT_RUNNER_SHUTDOWN_TIMEOUT} (jprefect only): how long a stopping runner lets its running flow runs finish. */
    public static final Setting<Duration> RUNNER_SHUTDOWN_TIMEOUT = jprefect(of("PREFECT_RUNNER_SHUTDOWN_TIMEOUT", "30", Setting::parsePositiveSeconds, "a positive number of seconds"),
            "seconds a stopping runner (`close()`, SIGTERM) lets its running flow runs finish before it interrupts them (they end Crashed)");

    // ---- testing (jprefect only: the harness) ---------------------------------------------

    /** {@code PREFECT_TESTING_CASSETTE} (jprefect only): the cassette file of the recording transport. */
    public static final Setting<Optional<Path>> TESTING_CASSETTE = jprefect(optional("PREFECT_TESTING_CASSETTE", Setting::parsePath, "a file path"),
            "the cassette file of the recording transport (`PREFECT_CLIENT_TRANSPORT=recording`, or `Transports.open(config, \"recording\")`); required when it is selected");
    /** {@code PREFECT_TESTING_CASSETTE_MODE} (jprefect only): what the recording transport does. */
    public static final Setting<String> TESTING_CASSETTE_MODE = jprefect(of("PREFECT_TESTING_CASSETTE_MODE", "record_if_missing", String::trim, "record, replay or record_if_missing"),
            "what the recording transport does: `record`, `replay` or `record_if_missing`");
    /** {@code PREFECT_TESTING_CASSETTE_TRANSPORT} (jprefect only): the transport the recording transport wraps. */
    public static final Setting<Optional<String>> TESTING_CASSETTE_TRANSPORT = jprefect(optional("PREFECT_TESTING_CASSETTE_TRANSPORT", String::trim, "a transport provider name"),
            "the provider of the transport the recording transport wraps; unset means the one for the URL's scheme");
    /** {@code PREFECT_TESTING_PREFECT_SERVER} (jprefect only): how the harness runs the real Prefect server. */
    public static final Setting<String> TESTING_PREFECT_SERVER = jprefect(of("PREFECT_TESTING_PREFECT_SERVER", "process", String::trim, "process or container"),
            "how the harness's `PREFECT_SERVER` mode runs the real Prefect server: `process` or `container` (Docker, with `jprefect-harness-testcontainers`)");
    /** {@code PREFECT_TESTING_PREFECT_COMMAND} (jprefect only): the real Prefect server's command. */
    public static final Setting<String> TESTING_PREFECT_COMMAND = jprefect(of("PREFECT_TESTING_PREFECT_COMMAND", "prefect", String::trim, "a command"),
            "the command the harness's `PREFECT_SERVER` mode runs as the real Prefect server (`process`)");

    // ---------------------------------------------------------------------------------------

    /** Reads a setting's non-blank text; throws {@link IllegalArgumentException} with what is wrong. */
    @FunctionalInterface
    private interface Parser<T> {
        T parse(String text);
    }

    private final String name;
    private final List<String> aliases;
    private final String defaultText;
    private final Parser<T> parser;
    private final String expected;
    private final T unsetValue;
    private final boolean secret;
    private final String description;

    private Setting(String name, List<String> aliases, String defaultText, Parser<T> parser, String expected,
            T unsetValue, boolean secret, String description) {
        this.name = name;
        this.aliases = aliases;
        this.defaultText = defaultText;
        this.parser = parser;
        this.expected = expected;
        this.unsetValue = unsetValue;
        this.secret = secret;
        this.description = description;
    }

    /** Splits comma-separated text as Prefect's server does ({@code str.split(",")}), keeping each piece as written. */
    private static List<String> parseCommaList(String text) {
        return List.of(text.split(",", -1));
    }

    private static <T> Setting<T> of(String name, String defaultText, Parser<T> parser, String expected, String... aliases) {
        return new Setting<>(name, List.of(aliases), defaultText, parser, expected, null, false, null);
    }

    private static <T> Setting<Optional<T>> optional(String name, Parser<T> parser, String expected, String... aliases) {
        return new Setting<>(name, List.of(aliases), null, t -> Optional.of(parser.parse(t)), expected, Optional.empty(), false, null);
    }

    private static <T> Setting<T> secret(Setting<T> s) {
        return new Setting<>(s.name, s.aliases, s.defaultText, s.parser, s.expected, s.unsetValue, true, s.description);
    }

    /** Marks {@code s} as jprefect's own (Prefect has no such setting), described for the README. */
    private static <T> Setting<T> jprefect(Setting<T> s, String description) {
        return new Setting<>(s.name, s.aliases, s.defaultText, s.parser, s.expected, s.unsetValue, s.secret, description);
    }

    /**
     * Returns the catalogue: every setting jprefect reads, in the order declared here. The README's
     * settings tables are checked against it.
     */
    public static List<Setting<?>> all() {
        return Catalogue.ALL;
    }

    /** The catalogue, read from this class's constants once. */
    private static final class Catalogue {
        static final List<Setting<?>> ALL = read();

        private static List<Setting<?>> read() {
            List<Setting<?>> all = new ArrayList<>();
            for (java.lang.reflect.Field field : Setting.class.getDeclaredFields()) {
                if (field.getType() == Setting.class && java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                    try {
                        all.add((Setting<?>) field.get(null));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("cannot read Setting." + field.getName(), e);
                    }
                }
            }
            return List.copyOf(all);
        }
    }

    /** Returns the environment variable name, e.g. {@code PREFECT_API_URL}. */
    public String name() {
        return name;
    }

    /** Returns older names this setting also answers to, read after {@link #name()}. */
    public List<String> aliases() {
        return aliases;
    }

    /** Returns the default as text, or null when the default is "unset". */
    public String defaultText() {
        return defaultText;
    }

    /** Returns true for jprefect's own settings, which Prefect does not have. */
    public boolean isJprefectOnly() {
        return description != null;
    }

    /** Returns what a jprefect-only setting does (markdown, one sentence), or null for Prefect's settings. */
    public String description() {
        return description;
    }

    /** Returns true if the value is a credential that must never be printed. */
    public boolean isSecret() {
        return secret;
    }

    /**
     * Reads {@code text} (null or blank: the default) as this setting's value.
     *
     * @throws InvalidSettingException naming the setting and the text if it cannot be read
     */
    public T parse(String text) {
        String effective = text == null || text.isBlank() ? defaultText : text;
        if (effective == null || effective.isBlank()) {
            if (unsetValue != null) {
                return unsetValue;
            }
            effective = "";
        }
        try {
            return parser.parse(effective.trim());
        } catch (IllegalArgumentException e) {
            String shown = secret ? "<redacted>" : effective;
            InvalidSettingException invalid = new InvalidSettingException(name, shown, expected);
            invalid.initCause(e);
            throw invalid;
        }
    }

    @Override
    public String toString() {
        return name;
    }

    // ---- parsers ----------------------------------------------------------------------------

    static boolean parseBoolean(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "true": case "t": case "1": case "yes": case "y": case "on":
                return true;
            case "false": case "f": case "0": case "no": case "n": case "off":
                return false;
            default:
                throw new IllegalArgumentException("not a boolean: " + text);
        }
    }

    static int parseInt(String text, int min, int max) {
        int value = Integer.parseInt(text);
        if (value < min || value > max) {
            throw new IllegalArgumentException(value + " is outside " + min + " to " + max);
        }
        return value;
    }

    static long parseLong(String text, long min) {
        long value = Long.parseLong(text);
        if (value < min) {
            throw new IllegalArgumentException(value + " is below " + min);
        }
        return value;
    }

    static double parseDouble(String text, double min) {
        double value = Double.parseDouble(text);
        if (!(value >= min) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(value + " is below " + min + " or not finite");
        }
        return value;
    }

    static Duration parseSeconds(String text) {
        double seconds = parseDouble(text, 0);
        return Duration.ofNanos(Math.round(seconds * 1_000_000_000d));
    }

    static Duration parsePositiveSeconds(String text) {
        Duration d = parseSeconds(text);
        if (d.isZero()) {
            throw new IllegalArgumentException("must be more than 0");
        }
        return d;
    }

    static Duration parseDuration(String text) {
        if (text.startsWith("P") || text.startsWith("p")) {
            try {
                Duration d = Duration.parse(text);
                if (d.isNegative()) {
                    throw new IllegalArgumentException("negative duration");
                }
                return d;
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return parseSeconds(text);
    }

    static URI parseApiUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("not an absolute URL with a host");
        }
        return uri;
    }

    /** A path in which a leading {@code ~} is the user's home, as Prefect expands {@code PREFECT_HOME}. */
    static Path parseHomePath(String text) {
        String home = System.getProperty("user.home");
        String t = text.trim();
        return parsePath(home != null && (t.equals("~") || t.startsWith("~/")) ? home + t.substring(1) : t);
    }

    static Path parsePath(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static Set<Integer> parseStatusCodes(String text) {
        String list = text;
        if (list.startsWith("[") && list.endsWith("]")) {
            list = list.substring(1, list.length() - 1);
        } else if (list.startsWith("{") && list.endsWith("}")) {
            list = list.substring(1, list.length() - 1);
        }
        Set<Integer> codes = new LinkedHashSet<>();
        for (String part : list.split(",")) {
            String code = part.trim();
            if (!code.isEmpty()) {
                codes.add(parseInt(code, 100, 599));
            }
        }
        return Set.copyOf(codes);
    }

    static Map<String, String> parseStringObject(String text) {
        if (text.isEmpty()) {
            return Map.of();
        }
        Object parsed = SchemaJson.CODEC.fromJson(text, Object.class); // IllegalArgumentException if not JSON
        if (!(parsed instanceof Map)) {
            throw new IllegalArgumentException((parsed == null ? "null" : "a JSON " + kind(parsed)) + " is not an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) parsed;
        Map<String, String> result = new LinkedHashMap<>();
        List<String> notText = new ArrayList<>();
        object.forEach((key, value) -> {
            if (value instanceof String) {
                result.put(key, (String) value);
            } else {
                notText.add(key);
            }
        });
        if (!notText.isEmpty()) {
            throw new IllegalArgumentException("values of " + notText + " are not strings");
        }
        return Map.copyOf(result);
    }

    private static String kind(Object value) {
        return value instanceof String ? "string" : value instanceof List ? "array" : value instanceof Boolean ? "boolean"
                : "number";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Setting && ((Setting<?>) other).name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name);
    }
}
