package dev.jprefect.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the server does when the process runs out of a resource, each in a child JVM of its own:
 * out of file descriptors under a burst of idle connections, and out of heap under many large
 * bodies at once. In both the server must keep serving.
 */
class ResourceExhaustionTest {

    /** Bounds every wait of these tests; none comes close to it when the server works. */
    private static final long WAIT_SECONDS = 30;

    @BeforeAll
    static void needsLinux() {
        boolean linux = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux");
        if (!linux && System.getenv("CI") != null) {
            throw new IllegalStateException("CI must run on Linux: these tests need bash and ulimit -n");
        }
        assumeTrue(linux, "skipped: needs Linux (bash and ulimit -n) to run a server with a descriptor limit");
    }

    @Test
    void acceptingSurvivesDescriptorExhaustionAndResumesWhenDescriptorsFreeUp() throws Exception {
        // A connection limit far above the descriptor limit, so the descriptors run out first.
        try (ChildServer child = new ChildServer(256, "128m", 100_000, 600, WAIT_SECONDS)) {
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 600; i++) { // far more than 256 descriptors: the server runs out
                    Socket socket = new Socket();
                    idle.add(socket);
                    socket.connect(new InetSocketAddress("127.0.0.1", child.port()), 2_000);
                }
            } catch (IOException backlogFull) {
                // enough: the server's backlog is full too
            }
            assertThat(child.logged("Too many open files", WAIT_SECONDS)).as("the descriptors ran out: %s",
                    child.stderr()).isTrue();

            for (Socket socket : idle) {
                socket.close();
            }

            try (RawConnection connection = new RawConnection(child.port())) {
                RawConnection.Response response = connection.send(get("/ok")).read();

                assertThat(response.status()).as("served once descriptors are free: %s", child.stderr()).isEqualTo(200);
            } catch (IOException e) {
                throw new AssertionError("not served once descriptors are free: " + e + "; server log: " + child.stderr(), e);
            }
            for (int i = 0; i < 20; i++) {
                try (RawConnection connection = new RawConnection(child.port())) {
                    assertThat(connection.send(get("/ok")).read().status()).isEqualTo(200);
                }
            }
            assertThat(child.logged("accepting connections on", WAIT_SECONDS)).isTrue();
        }
    }

    @Test
    void manyLargeBodiesAtOnceAreAnswered503InsteadOfExhaustingTheHeap() throws Exception {
        int bodies = 40;
        byte[] body = new byte[10_000_000];
        try (ChildServer child = new ChildServer(4096, "128m", 10_000, 600, WAIT_SECONDS)) {
            ExecutorService clients = Executors.newFixedThreadPool(bodies);
            List<Future<RawConnection.Response>> answers = new ArrayList<>();
            try {
                for (int i = 0; i < bodies; i++) {
                    answers.add(clients.submit(() -> {
                        try (RawConnection connection = new RawConnection(child.port())) {
                            return connection.send("POST /size HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length
                                    + "\r\n\r\n").send(body).read();
                        }
                    }));
                }
                int served = 0;
                for (Future<RawConnection.Response> answer : answers) {
                    RawConnection.Response response = answer.get(WAIT_SECONDS * 4, TimeUnit.SECONDS);
                    if (response.status() == 200) {
                        assertThat(response.bodyText()).isEqualTo("{\"size\":" + body.length + "}");
                        served++;
                    } else {
                        assertThat(response.status()).as("%s; server log: %s", response, child.stderr()).isEqualTo(503);
                        assertThat(response.header("Retry-After")).isEqualTo("1");
                    }
                }
                assertThat(served).as("some bodies fit the budget").isPositive();
            } finally {
                clients.shutdownNow();
            }
            try (RawConnection connection = new RawConnection(child.port())) {
                assertThat(connection.send(get("/ok")).read().status()).isEqualTo(200);
            }
            assertThat(child.stderr()).doesNotContain("OutOfMemoryError");
            assertThat(child.isAlive()).isTrue();
        }
    }

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n";
    }
}
