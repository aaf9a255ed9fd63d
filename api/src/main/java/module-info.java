/**
 * Defines jprefect's public API: flows and tasks, the Prefect client, settings, the schema records,
 * and the transport-neutral request model with the transport SPI.
 *
 * <p>Exports {@code dev.jprefect}: {@code Flow} and {@code Task} (lambdas whose calls are
 * orchestrated runs), {@code TaskFuture}, {@code RunState}, {@code RunContext}, {@code RunLogger}, {@code Artifacts}
 * (markdown, table, link and progress artifacts published from a run, linked to it),
 * {@code FlowRunException}/{@code TaskRunException}, and {@code Flows} (which client runs report
 * to). The engine behind them ({@code dev.jprefect.internal.engine}) is not exported. Flows read
 * {@code PREFECT_FLOWS_DEFAULT_RETRIES}, {@code PREFECT_FLOWS_DEFAULT_RETRY_DELAY_SECONDS},
 * {@code PREFECT_TASKS_DEFAULT_RETRIES}, {@code PREFECT_TASKS_DEFAULT_RETRY_DELAY_SECONDS},
 * {@code PREFECT_TASKS_RUNNER_THREAD_POOL_MAX_WORKERS} (default 16 here), {@code PREFECT_LOGGING_LEVEL}
 * (INFO), {@code PREFECT_LOGGING_TO_API_ENABLED} (true), {@code PREFECT_LOGGING_TO_API_BATCH_INTERVAL}
 * (2 s), {@code PREFECT_LOGGING_TO_API_BATCH_SIZE} (4,000,000 bytes) and
 * {@code PREFECT_LOGGING_TO_API_MAX_LOG_SIZE} (1,000,000 bytes).
 *
 * <p>Logs through {@link java.lang.System.Logger}: run logs under Prefect's logger names
 * {@code prefect.flow_runs} and {@code prefect.task_runs}, the library's own diagnostics under
 * {@code dev.jprefect...} names; SLF4J's or Log4j's {@code System.Logger} bridge routes both. When
 * the backend is the JDK's {@code java.util.logging} and the application has not configured it, run
 * logs print in one line each on {@code System.err} (Prefect's console format).
 *
 * <p>Exports {@code dev.jprefect.client} (the blocking {@code PrefectClient} and the asynchronous
 * {@code PrefectAsyncClient}, their builder, interceptors and exceptions) and
 * {@code dev.jprefect.client.schemas} (the Prefect REST schema as records, and their JSON codec).
 * Exports {@code dev.jprefect.transport} (requests, responses, {@code RequestHandler},
 * {@code Transport}, {@code Transports}, the in-process app registry, lifespans, and streams:
 * {@code MessageChannel}, {@code StreamHandler}, {@code CloseStatus}) and
 * {@code dev.jprefect.transport.spi} ({@code TransportProvider}, which transport modules implement,
 * and {@code EmbeddedServerProvider}, which the server module implements, with
 * {@code AbstractMessageChannel}, what a transport's stream ends have in common). Uses
 * {@code dev.jprefect.transport.spi.TransportProvider}: put a transport module on the module path
 * ({@code dev.jprefect.transport.http} for {@code http:}/{@code https:} URLs,
 * {@code dev.jprefect.transport.inmemory} for {@code inmemory:} URLs) or provide your own.
 *
 * <p>Exports {@code dev.jprefect.settings}: Prefect's settings with their names and defaults, read
 * from explicit values, scoped overrides, system properties and {@code PREFECT_*} environment
 * variables, and {@code ServerType} (which reads {@code PREFECT_CLOUD_API_URL} to tell Prefect Cloud
 * from another server). Uses {@code dev.jprefect.transport.spi.EmbeddedServerProvider}
 * to run the embedded server in-process (module {@code dev.jprefect.server}).
 *
 * <p>Reads the setting {@code PREFECT_CLIENT_TRANSPORT} (a jprefect setting, no default) to name a
 * transport provider explicitly. The client reads, with Prefect's defaults: {@code PREFECT_API_URL}
 * (unset: ephemeral mode if {@code PREFECT_SERVER_ALLOW_EPHEMERAL_MODE}, default true, else an
 * error), {@code PREFECT_API_KEY}, {@code PREFECT_API_AUTH_STRING}, {@code PREFECT_API_REQUEST_TIMEOUT}
 * (60 s), {@code PREFECT_API_ENABLE_HTTP2} (false), {@code PREFECT_API_TLS_INSECURE_SKIP_VERIFY}
 * (false), {@code PREFECT_API_SSL_CERT_FILE}, {@code PREFECT_CLIENT_MAX_RETRIES} (5),
 * {@code PREFECT_CLIENT_RETRY_JITTER_FACTOR} (0.2), {@code PREFECT_CLIENT_RETRY_EXTRA_CODES} (none),
 * {@code PREFECT_CLIENT_CSRF_SUPPORT_ENABLED} (true), {@code PREFECT_CLIENT_CUSTOM_HEADERS} (none)
 * and {@code PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS} (20 s). Moshi is used inside and is
 * not part of any exported signature.
 *
 * @since 0.1
 */
// The qualified exports below name modules that depend on this one, so they cannot be on the path
// when this module compiles: javac's "module not found" for them says nothing wrong.
@SuppressWarnings("module")
module dev.jprefect.api {
    requires com.squareup.moshi;
    // Moshi reads and writes JSON through okio buffers; the client parses answers from their bytes.
    requires okio;
    // Moshi's okio is an automatic module: it cannot say that it needs the Kotlin standard
    // library, so without this the JVM would not resolve kotlin.stdlib and the first JSON call
    // would fail. Requiring it here spares every user an --add-modules flag.
    requires kotlin.stdlib;
    // The one-line console format of run logs, installed only when java.util.logging is the
    // System.Logger backend and nobody configured it (internal.engine.RunLogConsole).
    requires java.logging;

    exports dev.jprefect;
    exports dev.jprefect.client;
    exports dev.jprefect.client.schemas;
    exports dev.jprefect.settings;
    exports dev.jprefect.transport;
    exports dev.jprefect.transport.spi;
    // Prefect's retry jitter, written once: the server's task retry delays use it too.
    exports dev.jprefect.internal.math to dev.jprefect.server;
    // Cron as Prefect's croniter reads it, written once: the server validates and schedules with it.
    exports dev.jprefect.internal.schedule to dev.jprefect.server;

    uses dev.jprefect.transport.spi.TransportProvider;
    uses dev.jprefect.transport.spi.EmbeddedServerProvider;
}
