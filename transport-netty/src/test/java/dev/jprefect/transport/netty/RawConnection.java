package dev.jprefect.transport.netty;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plain socket that speaks HTTP/1.1 by hand, so tests can send what no HTTP client would
 * (malformed requests, pipelined requests) and see exactly what the server sends back.
 */
final class RawConnection implements AutoCloseable {

    /** Every read is bounded: a server that never answers fails the test instead of hanging it. */
    private static final int READ_TIMEOUT_MILLIS = 15_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawConnection(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Writes {@code text} as ISO-8859-1 bytes, the encoding of HTTP/1.1's head. */
    RawConnection send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawConnection send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads exactly {@code n} bytes, e.g. of a WebSocket frame. */
    byte[] readBytes(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new IOException("the server closed the connection after " + bytes.length + " of " + n + " bytes");
        }
        return bytes;
    }

    /** Reads one response; {@code head} says whether it answers a HEAD request (no body follows). */
    Response read(boolean head) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("the server closed the connection without a response");
        }
        List<String[]> headers = new ArrayList<>();
        for (String line = line(); line != null && !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
        }
        Response response = new Response(statusLine, headers, new byte[0]);
        String length = response.header("Content-Length");
        if (!head && length != null) {
            byte[] body = in.readNBytes(Integer.parseInt(length));
            response = new Response(statusLine, headers, body);
        }
        return response;
    }

    Response read() throws IOException {
        return read(false);
    }

    /** Returns true once the server has closed the connection (the next read sees end of stream). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true; // a reset is a close too
        }
    }

    /** Reads whatever the server still sends; returns true once it has closed the connection. */
    boolean drainedUntilClosed() throws IOException {
        try {
            while (in.read() != -1) {
                // skip: only the close matters
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private String line() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String line = bytes.toString(StandardCharsets.ISO_8859_1);
                return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            }
            bytes.write(b);
        }
        return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
    }

    /** One response as read off the wire. */
    static final class Response {
        final String statusLine;
        final List<String[]> headers;
        final byte[] body;

        Response(String statusLine, List<String[]> headers, byte[] body) {
            this.statusLine = statusLine;
            this.headers = headers;
            this.body = body;
        }

        int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        /** Returns the first value of header {@code name}, ignoring case, or null. */
        String header(String name) {
            for (String[] header : headers) {
                if (header[0].toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    return header[1];
                }
            }
            return null;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return statusLine + " " + headers.size() + " headers, " + body.length + " bytes";
        }
    }
}
