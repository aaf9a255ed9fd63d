package dev.jprefect.harness.internal;

import dev.jprefect.client.schemas.JsonCodec;
import dev.jprefect.Flows;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientBuilder;
import dev.jprefect.harness.HarnessSession;
import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.TestRuns;
import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A view of a {@link RealHarness}: the harness's settings plus a header naming the session, a
 * client built from them, and queries over the runs the server attributes to the session.
 */
final class RealSession implements HarnessSession {

    private final RealHarness harness;
    private final String name;
    private final String id;
    private final Map<String, String> settings;
    private final PrefectClient client;
    private final TestRuns runs;
    private final AtomicBoolean closed = new AtomicBoolean();

    RealSession(RealHarness harness, String name) {
        this.harness = harness;
        this.name = Objects.requireNonNull(name, "name");
        this.id = UUID.randomUUID().toString();
        this.settings = sessionSettings(harness.settings(), id);
        RunAttribution.open(id);
        try {
            this.client = PrefectClientBuilder.create().settings(HarnessStarter.currentWith(settings))
                    .sleeper(harness.sleeper()).build();
        } catch (RuntimeException | Error e) {
            RunAttribution.forget(id);
            throw e;
        }
        this.runs = RealTestRuns.only(client, harness.pageSize(),
                () -> RunAttribution.flowRuns(id), () -> RunAttribution.taskRuns(id));
    }

    /**
     * Returns the harness's settings with the session's header added to
     * {@code PREFECT_CLIENT_CUSTOM_HEADERS} (keeping any custom headers the test already has).
     */
    private static Map<String, String> sessionSettings(Map<String, String> harnessSettings, String sessionId) {
        Settings around = HarnessStarter.currentWith(harnessSettings);
        Map<String, String> headers = new LinkedHashMap<>(around.get(Setting.CLIENT_CUSTOM_HEADERS));
        headers.put(RunAttribution.HEADER, sessionId);
        Map<String, String> out = new LinkedHashMap<>(harnessSettings);
        out.put(Setting.CLIENT_CUSTOM_HEADERS.name(), JsonCodec.standard().toJson(headers));
        return Map.copyOf(out);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PrefectTestHarness harness() {
        return harness;
    }

    @Override
    public PrefectClient client() {
        return client;
    }

    @Override
    public TestRuns runs() {
        return runs;
    }

    /** Returns the settings this session applies in its scope. */
    Map<String, String> settings() {
        return settings;
    }

    /**
     * Enters the settings, then the flows' client scope (so runs report to this session's client and
     * wait by its clock), then the session for assertions; the scope undoes them in reverse, and
     * closing the flows' scope sends the logs queued for the client.
     */
    @Override
    public Scope enter() {
        Settings.Scope settingsScope = Settings.override(settings);
        Flows.ClientScope flows;
        try {
            flows = Flows.using(client);
        } catch (RuntimeException | Error e) {
            settingsScope.close();
            throw e;
        }
        Runnable popSession = CurrentSession.push(this);
        Thread owner = Thread.currentThread();
        AtomicBoolean exited = new AtomicBoolean();
        return () -> {
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("the scope of harness session '" + name + "' must be closed on the thread"
                        + " that entered it (" + owner.getName() + "), not on " + Thread.currentThread().getName());
            }
            if (exited.compareAndSet(false, true)) {
                popSession.run();
                try {
                    flows.close();
                } finally {
                    settingsScope.close();
                }
            }
        };
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            client.close();
        } finally {
            RunAttribution.forget(id);
            harness.closed(this);
        }
    }

    @Override
    public String toString() {
        return "HarnessSession['" + name + "' of " + harness + "]";
    }
}
