package dev.jprefect.cli;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.Transports;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/** Talks to a started server's API over HTTP; every answer awaited at most 60 s. */
@SuppressWarnings("try") // closing may wait for a server to stop, so it may be interrupted
abstract class ServerClient implements AutoCloseable {
    private URI api;
    private Transport transport;

    void connect(URI apiUrl) {
        this.api = apiUrl;
        this.transport = Transports.open(TransportConfig.of(apiUrl));
    }

    ApiResponse send(String method, String path, String json) throws Exception {
        ApiRequest.Builder request = ApiRequest.builder(method, URI.create(api + path));
        if (json != null) {
            request.header("Content-Type", "application/json").body(json);
        }
        return transport.send(request.build()).get(60, TimeUnit.SECONDS);
    }

    void disconnect() {
        if (transport != null) {
            transport.close();
        }
    }
}
