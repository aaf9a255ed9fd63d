package dev.jprefect.integration;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misbehaving HTTP peer on loopback, for the faults a well-behaved server cannot produce: per
 * connection it reads the request, then either drops the connection without answering, answers
 * with bytes that are not HTTP, or answers properly with a fixed JSON body.
 */
final class RawHttpPeer implements AutoCloseable {
    /** What to do with one connection. */
    enum Behaviour { DROP, GARBAGE, ANSWER }

    /** No test request is anywhere near this slow; a stuck read ends instead of hanging the build. */
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final ServerSocket socket;
    private final Deque<Behaviour> script = new ArrayDeque<>();
    private final String answer;
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    RawHttpPeer(String jsonAnswer, Behaviour... behaviours) throws IOException {
        this.answer = jsonAnswer;
        for (Behaviour b : behaviours) {
            script.add(b);
        }
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "raw-http-peer");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI apiUrl() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/api");
    }

    int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                connections.incrementAndGet();
                connection.setSoTimeout(READ_TIMEOUT_MILLIS);
                readRequest(connection.getInputStream());
                Behaviour behaviour;
                synchronized (script) {
                    behaviour = script.isEmpty() ? Behaviour.ANSWER : script.poll();
                }
                OutputStream out = connection.getOutputStream();
                if (behaviour == Behaviour.GARBAGE) {
                    out.write("THIS IS NOT HTTP\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } else if (behaviour == Behaviour.ANSWER) {
                    byte[] body = answer.getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                }
                out.flush();
                // DROP: closing without a byte of answer
            } catch (IOException e) {
                // the socket was closed by close(), or a client went away: nothing to serve
            }
        }
    }

    /** Reads the head and the Content-Length body of one request. */
    private static void readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        int length = 0;
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        in.readNBytes(length);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            acceptor.join(READ_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
