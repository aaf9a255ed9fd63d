package dev.jprefect.transport.netty;

import dev.jprefect.transport.ApiResponse;
import java.io.IOException;
import java.time.Duration;

/**
 * A Netty server in a JVM of its own, for tests that need a process with its own descriptor limit
 * or heap: serves {@code /ok} and {@code /size} (the length of the body it was sent), prints
 * {@code PORT <n>}, and stops when its standard input closes.
 *
 * <p>Arguments: the connection limit, the keep-alive timeout in seconds.
 */
public final class ServerProcess {

    private ServerProcess() {
    }

    public static void main(String[] args) throws IOException {
        NettyServer.Builder builder = NettyServer.builder(request -> {
            if (request.path().equals("/size")) {
                return ApiResponse.json(200, "{\"size\":" + request.bodyLength() + "}");
            }
            return ApiResponse.json(200, "{\"ok\":true}");
        });
        builder.maxConnections(Integer.parseInt(args[0])).keepAliveTimeout(Duration.ofSeconds(Long.parseLong(args[1])));
        try (NettyServer server = builder.start()) {
            System.out.println("PORT " + server.port());
            System.out.flush();
            while (System.in.read() != -1) {
                // serve until the test closes our standard input
            }
        }
    }
}
