package dev.jprefect.settings;

import java.net.URI;
import java.util.Optional;

/**
 * What kind of Prefect API the settings point at, as Prefect's {@code determine_server_type}
 * decides it; get it with {@link #determine(Settings)}, e.g.
 * {@code ServerType.determine(Settings.current())}.
 */
public enum ServerType {
    /** No API URL, and ephemeral mode allowed: the embedded server runs in-process. */
    EPHEMERAL,
    /** An API URL that is not Prefect Cloud's: a self-hosted server. */
    SERVER,
    /** An API URL under {@code PREFECT_CLOUD_API_URL}. */
    CLOUD,
    /** No API URL and ephemeral mode not allowed: there is nothing to talk to. */
    UNCONFIGURED;

    /**
     * Returns the server type of {@code settings}: with {@code PREFECT_API_URL} unset, EPHEMERAL if
     * {@code PREFECT_SERVER_ALLOW_EPHEMERAL_MODE} is true and UNCONFIGURED otherwise; with it set,
     * CLOUD if it starts with {@code PREFECT_CLOUD_API_URL} and SERVER otherwise.
     */
    public static ServerType determine(Settings settings) {
        Optional<URI> apiUrl = settings.get(Setting.API_URL);
        if (apiUrl.isEmpty()) {
            return settings.get(Setting.SERVER_ALLOW_EPHEMERAL_MODE) ? EPHEMERAL : UNCONFIGURED;
        }
        String cloud = settings.get(Setting.CLOUD_API_URL).toString();
        return apiUrl.get().toString().startsWith(cloud) ? CLOUD : SERVER;
    }
}
