package dev.jprefect.harness.internal;

import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.PrefectTestHarness.Mode;
import dev.jprefect.harness.VirtualClock;
import dev.jprefect.harness.spi.PrefectServerLauncher;
import dev.jprefect.server.PrefectServer;
import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.AppLifespans;
import dev.jprefect.transport.InProcessApps;
import dev.jprefect.transport.netty.NettyServer;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Starts a {@link RealHarness}: a new embedded server with empty storage behind run
 * attribution, its lifespan entered, exposed in-process or on a loopback port; or the real Prefect
 * server from a {@link PrefectServerLauncher}; then the harness's own client checked against {@code /health}; all
 * within the start-up timeout.
 */
public final class HarnessStarter {

    /** Prefix of the in-process app names: {@code inmemory://prefect-test-1a2b3c4d-5e6f/api}. */
    static final String APP_PREFIX = "prefect-test";

    /** Where the SERVER mode listens: loopback only, nothing is exposed beyond this machine. */
    static final String LOOPBACK = "127.0.0.1";

    /** The transport provider names the harness pins, so a {@code PREFECT_CLIENT_TRANSPORT} of the test's environment cannot divert it. */
    static final String IN_MEMORY_TRANSPORT = "inmemory";
    static final String HTTP_TRANSPORT = "http";

    /** The command that runs the real Prefect server when {@code PREFECT_TESTING_PREFECT_COMMAND} is unset. */
    static final String DEFAULT_PREFECT_COMMAND = "prefect";

    /** The prefix of the harness's own settings, which do not go to a real server's environment. */
    static final String TESTING_PREFIX = "PREFECT_TESTING_";

    private HarnessStarter() {
    }

    /**
     * Starts a harness.
     *
     * @param virtualClock the clock to skip time with, or null for the system clock
     * @param startupTimeout the limit, or null for {@code PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS}
     * @param extraSettings settings for the server and the clients, above the defaults
     * @param enterCallingThread whether to point the calling thread at the harness until it is closed
     */
    public static PrefectTestHarness start(Mode mode, VirtualClock virtualClock, Duration startupTimeout,
            Map<String, String> extraSettings, boolean enterCallingThread) {
        Map<String, String> extras = Map.copyOf(extraSettings);
        Settings serverSettings = Settings.isolated(extras);
        int pageSize = serverSettings.get(Setting.SERVER_API_DEFAULT_LIMIT);
        Duration timeout = startupTimeout;
        String timeoutSource = "PrefectTestHarness.Builder.startupTimeout";
        if (timeout == null) {
            timeout = currentWith(extras).get(Setting.SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS);
            timeoutSource = Setting.SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.name();
        }
        RealHarness harness = mode == Mode.PREFECT_SERVER
                ? startPrefectServer(virtualClock, timeout, timeoutSource, extras, pageSize)
                : startEmbedded(mode, virtualClock, timeout, timeoutSource, extras, serverSettings, pageSize);
        if (enterCallingThread) {
            harness.enterOnStart();
        }
        return harness;
    }

    /** Starts the embedded server behind run attribution, in-process or on a loopback port. */
    private static RealHarness startEmbedded(Mode mode, VirtualClock virtualClock, Duration timeout,
            String timeoutSource, Map<String, String> extras, Settings serverSettings, int pageSize) {
        InstantSource clock = virtualClock != null ? virtualClock : InstantSource.system();
        return Startup.run("the Prefect test harness (" + mode + ")", timeout, timeoutSource, startup -> {
            PrefectServer embedded = startup.step("create the embedded server", () ->
                    PrefectServer.builder().settings(serverSettings).clock(clock).build());
            RunAttribution app = new RunAttribution(embedded);
            AutoCloseable services = virtualClock == null ? null : virtualClock.onAdvance(embedded::runServices);
            AppLifespans.Lease lease = startup.opened(startup.step("run the embedded server's startup hook", () ->
                    AppLifespans.enter(app, timeout)));
            List<AutoCloseable> stops = new ArrayList<>();
            URI apiUrl;
            String transport;
            if (mode == Mode.IN_PROCESS) {
                InProcessApps.Registration registration = startup.opened(startup.step(
                        "register the server as an in-process app", () -> InProcessApps.registerUnique(APP_PREFIX, app)));
                stops.add(registration);
                apiUrl = registration.apiUrl();
                transport = IN_MEMORY_TRANSPORT;
            } else {
                NettyServer server = startup.opened(startup.step("listen on a free port of " + LOOPBACK, () ->
                        NettyServer.builder(app).host(LOOPBACK).port(0).start()));
                stops.add(server);
                apiUrl = server.apiUrl();
                transport = HTTP_TRANSPORT;
            }
            stops.add(lease);
            if (services != null) {
                stops.add(services);
            }
            return started(startup, mode, apiUrl, transport, virtualClock, extras, pageSize, stops);
        });
    }

    /**
     * Starts the real Prefect server ({@code prefect server start}) on a loopback port, with the
     * extra settings in its environment; the clients reach it through the HTTP transport with run
     * attribution on their side.
     */
    private static RealHarness startPrefectServer(VirtualClock virtualClock, Duration timeout,
            String timeoutSource, Map<String, String> extras, int pageSize) {
        if (virtualClock != null) {
            throw new IllegalArgumentException("time skipping needs the embedded server's clock; the real Prefect"
                    + " server (mode PREFECT_SERVER) runs on its own clock");
        }
        if (HarnessStarter.class.getModule().isNamed()) {
            throw new IllegalStateException("mode PREFECT_SERVER needs the harness on the class path: as the named module "
                    + HarnessStarter.class.getModule().getName() + " its transport provider '" + AttributingTransportProvider.NAME
                    + "' (declared in META-INF/services) is invisible to ServiceLoader; remove 'requires "
                    + HarnessStarter.class.getModule().getName() + "' from your test module descriptor");
        }
        String name = currentWith(extras).raw(PrefectTestHarness.PREFECT_SERVER_SETTING).map(String::trim)
                .orElse(ProcessLauncher.NAME);
        PrefectServerLauncher launcher = launcher(name);
        return Startup.run("the Prefect test harness (" + Mode.PREFECT_SERVER + ")", timeout, timeoutSource, startup -> {
            PrefectServerLauncher.RunningServer server = startup.opened(startup.step(
                    "start the real Prefect server (" + name + ") and wait for /api/health", () -> launcher.start(extras, timeout)));
            return started(startup, Mode.PREFECT_SERVER, server.apiUrl(), AttributingTransportProvider.NAME,
                    null, extras, pageSize, List.of(server));
        });
    }

    /** Returns the launcher named {@code name}, found with ServiceLoader. */
    private static PrefectServerLauncher launcher(String name) {
        List<String> found = new ArrayList<>();
        for (PrefectServerLauncher launcher : ServiceLoader.load(PrefectServerLauncher.class)) {
            if (launcher.name().equalsIgnoreCase(name)) {
                return launcher;
            }
            found.add(launcher.name());
        }
        throw new IllegalArgumentException(PrefectTestHarness.PREFECT_SERVER_SETTING + "='" + name
                + "' names no launcher of the real Prefect server; found " + found
                + " (the container launcher is in the jprefect-harness-testcontainers module)");
    }

    /** Opens the harness's own session on a started server and checks the server's health through it. */
    private static RealHarness started(Startup startup, Mode mode, URI apiUrl, String transport,
            VirtualClock virtualClock, Map<String, String> extras, int pageSize, List<AutoCloseable> stops) {
        Map<String, String> settings = new LinkedHashMap<>(extras);
        settings.put(Setting.API_URL.name(), apiUrl.toString());
        settings.put(Setting.CLIENT_TRANSPORT.name(), transport);
        RealHarness started = startup.opened(new RealHarness(mode, apiUrl, virtualClock, settings, pageSize, stops));
        RealSession own = startup.step("open the harness's client", started::openOwnSession);
        startup.step("answer a health check at " + apiUrl + "/health", () -> {
            if (!own.client().health()) {
                throw new IllegalStateException("GET " + apiUrl + "/health did not answer true");
            }
            return null;
        });
        return started;
    }

    /** Returns the calling thread's settings with {@code values} above them. */
    static Settings currentWith(Map<String, String> values) {
        Settings settings = Settings.current();
        for (Map.Entry<String, String> e : values.entrySet()) {
            settings = settings.with(e.getKey(), e.getValue());
        }
        return settings;
    }
}
