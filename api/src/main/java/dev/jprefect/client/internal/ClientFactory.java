package dev.jprefect.client.internal;

import dev.jprefect.client.Interceptor;
import dev.jprefect.client.PrefectAsyncClient;
import dev.jprefect.client.PrefectClientException;
import dev.jprefect.client.Sleeper;
import dev.jprefect.internal.math.Jitter;
import dev.jprefect.settings.ServerType;
import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.AppLifespans;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.Transports;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Builds clients for {@link dev.jprefect.client.PrefectClientBuilder}. */
public final class ClientFactory {

    private ClientFactory() {
    }

    /**
     * Returns a client for {@code settings}: over {@code transport} to {@code apiUrl} when both are
     * given; otherwise by the server type: to {@code PREFECT_API_URL} with the transport chosen by
     * {@code PREFECT_CLIENT_TRANSPORT} or the URL's scheme, or to the embedded server in ephemeral mode.
     *
     * @throws PrefectClientException if there is nothing to talk to, or the embedded server is missing
     */
    public static PrefectAsyncClient create(Settings settings, Transport transport, URI apiUrl,
            List<Interceptor> interceptors, Sleeper sleeper) {
        ClientOptions options = ClientOptions.from(settings);
        Jitter jitter = new Jitter(() -> ThreadLocalRandom.current().nextDouble());
        if (transport != null) {
            return new RealAsyncClient(apiUrl, transport, null, options, interceptors, sleeper, jitter);
        }
        ServerType type = ServerType.determine(settings);
        switch (type) {
            case UNCONFIGURED:
                throw new PrefectClientException("No Prefect API is configured: PREFECT_API_URL is not set and"
                        + " ephemeral mode is not allowed. Set PREFECT_API_URL to a Prefect server's API URL"
                        + " (e.g. http://127.0.0.1:4200/api), or allow ephemeral mode with"
                        + " PREFECT_SERVER_ALLOW_EPHEMERAL_MODE=true to run the embedded server in-process.");
            case EPHEMERAL:
                return ephemeral(settings, options, interceptors, sleeper, jitter);
            default:
                URI url = settings.get(Setting.API_URL).orElseThrow();
                Transport opened = Transports.open(ClientOptions.transportConfig(settings, url),
                        settings.get(Setting.CLIENT_TRANSPORT).orElse(null));
                return new RealAsyncClient(url, opened, null, options, interceptors, sleeper, jitter);
        }
    }

    /** In ephemeral mode the client always talks to the embedded server in-memory, whatever PREFECT_CLIENT_TRANSPORT says. */
    private static PrefectAsyncClient ephemeral(Settings settings, ClientOptions options, List<Interceptor> interceptors,
            Sleeper sleeper, Jitter jitter) {
        URI url = EphemeralServer.apiUrl();
        AppLifespans.Lease lease = EphemeralServer.enter(settings);
        try {
            Transport opened = Transports.open(ClientOptions.transportConfig(settings, url), null);
            return new RealAsyncClient(url, opened, lease, options, interceptors, sleeper, jitter);
        } catch (RuntimeException | Error e) {
            lease.close();
            throw e;
        }
    }
}
