package dev.jprefect.harness.recording;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.RequestHandler;
import dev.jprefect.transport.netty.NettyServer;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small external HTTP service on loopback, for the recording tests: answers every request with
 * JSON that names the method, path, body and how many requests it has served, so a replayed answer
 * can be told from a fresh one.
 */
final class ExternalService implements AutoCloseable {
    private final AtomicInteger hits = new AtomicInteger();
    private final NettyServer server;

    ExternalService() {
        RequestHandler handler = this::answer;
        this.server = NettyServer.start(handler);
    }

    private ApiResponse answer(ApiRequest request) {
        int hit = hits.incrementAndGet();
        if (request.path().equals("/binary")) {
            return ApiResponse.builder(200).header("Content-Type", "application/octet-stream")
                    .body(new byte[] {(byte) 0xff, 0x00, (byte) 0xfe, (byte) hit}).build();
        }
        return ApiResponse.builder(200)
                .header("Content-Type", "application/json")
                .header("X-Hit", Integer.toString(hit))
                .body("{\"method\":\"" + request.method() + "\",\"path\":\"" + request.path()
                        + "\",\"body\":\"" + request.bodyAsString().replace("\"", "'") + "\",\"hit\":" + hit + "}")
                .build();
    }

    URI url(String path) {
        return server.uri().resolve(path);
    }

    URI base() {
        return server.uri();
    }

    int hits() {
        return hits.get();
    }

    @Override
    public void close() {
        server.close();
    }
}
