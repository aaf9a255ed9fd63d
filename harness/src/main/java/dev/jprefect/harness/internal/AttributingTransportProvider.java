package dev.jprefect.harness.internal;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.MessageChannel;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.Transports;
import dev.jprefect.transport.spi.TransportProvider;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Provides, under the name {@value #NAME}, the HTTP transport with {@link RunAttribution} on the
 * client side: the harness pins it for the real Prefect server, whose requests the harness cannot
 * see, so that each session still sees only the runs it created. It serves no scheme of its own, so
 * only {@code PREFECT_CLIENT_TRANSPORT=harness-http} (which the harness sets in its scope) selects
 * it. Registered with ServiceLoader in {@code module-info.java} and {@code META-INF/services}; not
 * for direct use.
 */
public final class AttributingTransportProvider implements TransportProvider {

    /** The provider name the harness pins in {@code PrefectTestHarness.Mode.PREFECT_SERVER}. */
    static final String NAME = "harness-http";

    /** Called by ServiceLoader. */
    public AttributingTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** None: chosen only by name. */
    @Override
    public Set<String> schemes() {
        return Set.of();
    }

    @Override
    public Transport open(TransportConfig config) {
        Transport http = Transports.open(config, HarnessStarter.HTTP_TRANSPORT);
        return new Transport() {
            @Override
            public CompletableFuture<ApiResponse> send(ApiRequest request) {
                return http.send(request).thenApply(response -> {
                    RunAttribution.note(request, response);
                    return response;
                });
            }

            /** Streams carry no runs to attribute: they go straight to the HTTP transport. */
            @Override
            public CompletableFuture<MessageChannel> openStream(ApiRequest request) {
                return http.openStream(request);
            }

            @Override
            public void close() {
                http.close();
            }
        };
    }
}
