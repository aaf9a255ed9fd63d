package dev.jprefect.internal.engine;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.Sleeper;
import dev.jprefect.client.schemas.FlowCreate;
import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What runs need of one client: the client, its clock, the ids of the flows registered through it
 * (each flow is created once per client), its in-process result store and its log shipper.
 */
final class Environment {

    /** The longest a run's end waits for its logs to be sent; logging never holds a run up for long. */
    static final Duration LOG_FLUSH_TIMEOUT = Duration.ofSeconds(10);

    private final PrefectClient client;
    private final Sleeper sleeper;
    private final Map<String, UUID> flowIds = new ConcurrentHashMap<>();
    private final ResultStore results = new ResultStore();
    private final LogShipper logs;

    Environment(PrefectClient client, Sleeper sleeper, Settings settings) {
        this.client = client;
        this.sleeper = sleeper;
        this.logs = new LogShipper(client, settings.get(Setting.LOGGING_TO_API_BATCH_INTERVAL),
                settings.get(Setting.LOGGING_TO_API_BATCH_SIZE), settings.get(Setting.LOGGING_TO_API_MAX_LOG_SIZE));
    }

    PrefectClient client() {
        return client;
    }

    Sleeper sleeper() {
        return sleeper;
    }

    ResultStore results() {
        return results;
    }

    LogShipper logs() {
        return logs;
    }

    /** Returns the id of the flow named {@code name}, registering it with the API on first use. */
    UUID flowId(String name) {
        UUID id = flowIds.get(name);
        if (id == null) {
            id = client.createFlow(FlowCreate.of(name)).id(); // idempotent on the server: same name, same flow
            UUID raced = flowIds.putIfAbsent(name, id);
            if (raced != null) {
                id = raced;
            }
        }
        return id;
    }

    /** Sends the queued logs, waiting at most {@link #LOG_FLUSH_TIMEOUT}. */
    void flushLogs() {
        logs.flush(LOG_FLUSH_TIMEOUT);
    }

    /** Sends the queued logs and stops shipping (the client's last use through the engine). */
    void drain() {
        logs.close(LOG_FLUSH_TIMEOUT);
    }
}
