package dev.jprefect.server.internal.routes;

import dev.jprefect.server.internal.http.ApiError;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import java.time.Duration;
import java.util.Optional;

/**
 * The server settings the routes read, each read once, when the server is built: the page size,
 * CSRF protection, the auth string, the flow run graph's limits and the event subscribers' backlog.
 */
public final class ServerSettings {
    final Settings settings;
    /** {@code PREFECT_SERVER_API_DEFAULT_LIMIT}: the page size when a request names none, and the largest allowed. */
    final int defaultLimit;
    /** {@code PREFECT_SERVER_API_CSRF_PROTECTION_ENABLED}. */
    final boolean csrfEnabled;
    /** {@code PREFECT_SERVER_API_CSRF_TOKEN_EXPIRATION}. */
    final Duration csrfTokenExpiration;
    /** {@code PREFECT_SERVER_API_AUTH_STRING}, if set. */
    final Optional<String> authString;
    /** {@code PREFECT_SERVER_FLOW_RUN_GRAPH_MAX_NODES}. */
    final int graphMaxNodes;
    /** {@code PREFECT_SERVER_FLOW_RUN_GRAPH_MAX_ARTIFACTS}. */
    final int graphMaxArtifacts;
    /** {@code PREFECT_SERVER_EVENTS_SUBSCRIBER_BACKLOG}. */
    final int eventsSubscriberBacklog;

    /**
     * Reads the server settings from {@code settings} once, here.
     *
     * @throws dev.jprefect.settings.InvalidSettingException if one has a bad value, naming it
     */
    public ServerSettings(Settings settings) {
        this.settings = settings;
        this.defaultLimit = settings.get(Setting.SERVER_API_DEFAULT_LIMIT);
        this.csrfEnabled = settings.get(Setting.SERVER_API_CSRF_PROTECTION_ENABLED);
        this.csrfTokenExpiration = settings.get(Setting.SERVER_API_CSRF_TOKEN_EXPIRATION);
        this.authString = settings.get(Setting.SERVER_API_AUTH_STRING);
        this.graphMaxNodes = settings.get(Setting.SERVER_FLOW_RUN_GRAPH_MAX_NODES);
        this.graphMaxArtifacts = settings.get(Setting.SERVER_FLOW_RUN_GRAPH_MAX_ARTIFACTS);
        this.eventsSubscriberBacklog = settings.get(Setting.SERVER_EVENTS_SUBSCRIBER_BACKLOG);
    }

    /**
     * Returns the {@code limit} of a filter body: the default when absent, else checked against
     * 0 and the default as Prefect's {@code LimitBody} does.
     */
    int limit(Obj body) {
        Long limit = body.integer("limit");
        if (limit == null) {
            return defaultLimit;
        }
        if (limit < 0) {
            throw ApiError.detail(422, "Invalid limit: must be greater than or equal to 0.");
        }
        if (limit > defaultLimit) {
            throw ApiError.detail(422, "Invalid limit: must be less than or equal to " + defaultLimit + ".");
        }
        return limit.intValue();
    }
}
