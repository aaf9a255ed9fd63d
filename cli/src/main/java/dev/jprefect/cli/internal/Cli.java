package dev.jprefect.cli.internal;

import dev.jprefect.server.PrefectServer;
import dev.jprefect.settings.InvalidSettingException;
import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.AppLifespans;
import dev.jprefect.transport.netty.NettyServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/** Parses a {@code jprefect} command line and runs it. */
public final class Cli {
    /** Exit code of a command that ran and succeeded. */
    public static final int OK = 0;
    /** Exit code of a command that could not do its job (e.g. the port is in use). */
    public static final int FAILED = 1;
    /** Exit code of a command line that is wrong (unknown command or option, bad value). */
    public static final int USAGE = 2;

    /** How long the server's startup hooks may take. */
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

    static final String HELP = String.join("\n",
            "Usage: jprefect <command> [options]",
            "",
            "Commands:",
            "  server start                 Serve jprefect's embedded Prefect-compatible API on a port",
            "  flow-run ls|inspect|cancel   Flow runs of the API at PREFECT_API_URL",
            "  deployment ls|inspect|run    Deployments of that API; run one",
            "  config view                  The settings in force",
            "",
            "Options:",
            "  -h, --help      Show this help",
            "  --version       Show jprefect's version",
            "",
            "Run 'jprefect server start --help' for the options of a command.",
            "");

    static final String SERVER_START_HELP = String.join("\n",
            "Usage: jprefect server start [--host HOST] [--port PORT] [--log-requests]",
            "",
            "Serves jprefect's embedded Prefect-compatible API at http://HOST:PORT/api until stopped",
            "with Ctrl-C or SIGTERM. Flows, runs, states, logs and the rest are kept in the database",
            "PREFECT_API_DATABASE_CONNECTION_URL names (SQLite or PostgreSQL), by default SQLite at",
            "PREFECT_HOME/prefect.db (~/.prefect/prefect.db); delete that file to start afresh.",
            "",
            "Options:",
            "  --host HOST   Address to listen on (default: PREFECT_SERVER_API_HOST, else 127.0.0.1)",
            "  --port PORT   Port to listen on, 0 for any free one (default: PREFECT_SERVER_API_PORT, else 4200)",
            "  --log-requests  Print a line per request: method, path, status, time",
            "  -h, --help    Show this help",
            "",
            "Other PREFECT_SERVER_* settings (e.g. PREFECT_SERVER_API_AUTH_STRING) configure the server;",
            "PREFECT_SERVER_API_KEEPALIVE_TIMEOUT, _HEADER_TIMEOUT, _BODY_TIMEOUT, _MAX_CONNECTIONS,",
            "_MAX_BODY_SIZE and _BODY_MEMORY_BUDGET limit what clients can hold (see the README).",
            "");

    private Cli() {
    }

    /** Runs {@code args}, writing to {@code out} and {@code err}; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, Lifecycle lifecycle) {
        List<String> words = List.of(args);
        if (words.isEmpty()) {
            err.print(HELP);
            return USAGE;
        }
        if (isHelp(words.get(0))) {
            out.print(HELP);
            return OK;
        }
        if ("--version".equals(words.get(0))) {
            out.println("jprefect " + version() + " (Java " + Runtime.version() + ")");
            return OK;
        }
        if ("flow-run".equals(words.get(0))) {
            return ClientCommands.flowRun(words.subList(1, words.size()), out, err);
        }
        if ("deployment".equals(words.get(0))) {
            return ClientCommands.deployment(words.subList(1, words.size()), out, err);
        }
        if ("config".equals(words.get(0))) {
            if (words.size() < 2 || isHelp(words.get(1))) {
                (words.size() < 2 ? err : out).print(ClientCommands.CONFIG_HELP);
                return words.size() < 2 ? USAGE : OK;
            }
            if (!"view".equals(words.get(1))) {
                return usageError(err, "jprefect config", "unknown command '" + words.get(1) + "'", "jprefect --help");
            }
            return ClientCommands.configView(words.subList(2, words.size()), out, err);
        }
        if (!"server".equals(words.get(0))) {
            return usageError(err, "jprefect", "unknown command '" + words.get(0) + "'", "jprefect --help");
        }
        if (words.size() < 2 || isHelp(words.get(1))) {
            (words.size() < 2 ? err : out).print(SERVER_START_HELP);
            return words.size() < 2 ? USAGE : OK;
        }
        if (!"start".equals(words.get(1))) {
            return usageError(err, "jprefect server", "unknown command '" + words.get(1) + "'", "jprefect --help");
        }
        return serverStart(words.subList(2, words.size()), out, err, lifecycle);
    }

    private static int serverStart(List<String> options, PrintStream out, PrintStream err, Lifecycle lifecycle) {
        String command = "jprefect server start";
        Settings settings = Settings.current();
        String host;
        int port;
        try {
            host = settings.get(Setting.SERVER_API_HOST);
            port = settings.get(Setting.SERVER_API_PORT);
        } catch (InvalidSettingException e) {
            err.println(command + ": " + e.getMessage());
            return USAGE;
        }
        boolean logRequests = false;
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
            if (isHelp(option)) {
                out.print(SERVER_START_HELP);
                return OK;
            }
            if (option.equals("--log-requests")) {
                logRequests = true;
                continue;
            }
            if (!name.equals("--host") && !name.equals("--port")) {
                return usageError(err, command, "unknown option '" + option + "'", "jprefect server start --help");
            }
            String value;
            if (option.contains("=")) {
                value = option.substring(option.indexOf('=') + 1);
            } else if (i + 1 < options.size()) {
                value = options.get(++i);
            } else {
                return usageError(err, command, "option " + name + " needs a value", "jprefect server start --help");
            }
            if (name.equals("--host")) {
                if (value.isBlank()) {
                    return usageError(err, command, "--host must not be empty", "jprefect server start --help");
                }
                host = value.trim();
            } else {
                Integer parsed = parsePort(value);
                if (parsed == null) {
                    return usageError(err, command, "--port must be a whole number from 0 to 65535, was '" + value + "'",
                            "jprefect server start --help");
                }
                port = parsed;
            }
        }
        return serve(host, port, logRequests, settings, out, err, lifecycle);
    }

    private static int serve(String host, int port, boolean logRequests, Settings settings, PrintStream out,
            PrintStream err, Lifecycle lifecycle) {
        String command = "jprefect server start";
        PrefectServer server;
        NettyServer.Builder listener;
        try {
            server = PrefectServer.builder()
                    .settings(settings.with(Setting.SERVER_API_HOST, host).with(Setting.SERVER_API_PORT, String.valueOf(port)))
                    .database(databaseUrl(settings))
                    .build();
            listener = NettyServer.builder(logRequests ? new RequestLog(server, out) : server)
                    .settings(settings).host(host).port(port);
        } catch (InvalidSettingException e) {
            err.println(command + ": " + e.getMessage());
            return USAGE;
        } catch (RuntimeException e) {
            err.println(command + ": " + e.getMessage());
            return FAILED;
        }
        NettyServer netty;
        try {
            netty = listener.start();
        } catch (RuntimeException e) {
            err.println(command + ": " + describeBindFailure(host, port, e));
            return FAILED;
        }
        AppLifespans.Lease lease;
        try {
            lease = AppLifespans.enter(server, STARTUP_TIMEOUT);
        } catch (RuntimeException e) {
            netty.close();
            err.println(command + ": the server failed to start: " + e.getMessage());
            return FAILED;
        }
        try {
            lifecycle.started();
            out.println("jprefect server: serving the Prefect API at " + netty.apiUrl());
            out.println("Check it with: curl " + netty.apiUrl() + "/health");
            out.println(describeUi(server, settings, netty));
            out.println("Press Ctrl-C to stop.");
            out.flush();
            lifecycle.awaitStopRequest();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            netty.close(); // stop serving first, then run the server's shutdown hooks
            try {
                lease.close();
            } catch (RuntimeException e) {
                err.println(command + ": the server's shutdown failed: " + e.getMessage());
            }
            out.println("jprefect server: stopped.");
            out.flush();
            lifecycle.stopped();
        }
        return OK;
    }

    /** Says where Prefect's UI is served, or why it is not. */
    static String describeUi(PrefectServer server, Settings settings, NettyServer netty) {
        if (!server.servedUis().isEmpty()) {
            return "jprefect server: serving Prefect's UI at " + netty.uri().resolve("/") + " (bundles "
                    + String.join(", ", server.servedUis()) + ")";
        }
        if (!settings.get(Setting.SERVER_UI_ENABLED)) {
            return "jprefect server: not serving Prefect's UI (PREFECT_SERVER_UI_ENABLED is false)";
        }
        return "jprefect server: not serving Prefect's UI: no UI bundle on the module path. The jprefect-ui jar"
                + " carries it when built where PyPI is reachable (mvn -B -DskipTests package)";
    }

    /**
     * Returns the database {@code server start} keeps its rows in: {@code PREFECT_API_DATABASE_CONNECTION_URL}
     * if set, else Prefect's default, SQLite at {@code PREFECT_HOME/prefect.db}.
     */
    static String databaseUrl(Settings settings) {
        return settings.get(Setting.SERVER_DATABASE_CONNECTION_URL)
                .orElse("sqlite+aiosqlite:///" + settings.get(Setting.HOME).toAbsolutePath().resolve("prefect.db"));
    }

    /** Says why listening failed, naming the port when it is taken. */
    static String describeBindFailure(String host, int port, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return "cannot listen on " + host + ":" + port + ": port " + port + " is already in use or not"
                        + " available on " + host + " (" + t.getMessage() + "); choose another with --port or"
                        + " PREFECT_SERVER_API_PORT";
            }
        }
        return "cannot listen on " + host + ":" + port + ": " + failure.getMessage();
    }

    private static Integer parsePort(String text) {
        try {
            int p = Integer.parseInt(text.trim());
            return p >= 0 && p <= 65535 ? p : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** This build's version, from the filtered {@code version.properties} beside this class. */
    static String version() {
        try (InputStream in = Cli.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static boolean isHelp(String word) {
        return "--help".equals(word) || "-h".equals(word);
    }

    static int usageError(PrintStream err, String command, String problem, String helpCommand) {
        err.println(command + ": " + problem);
        err.println("Run '" + helpCommand + "' for usage.");
        return USAGE;
    }
}
