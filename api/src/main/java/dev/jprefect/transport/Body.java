package dev.jprefect.transport;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Shared handling of the immutable byte bodies of {@link ApiRequest} and {@link ApiResponse}. */
final class Body {
    static final byte[] EMPTY = new byte[0];

    private Body() {
    }

    static byte[] copyOf(byte[] body) {
        return body == null || body.length == 0 ? EMPTY : body.clone();
    }

    static byte[] utf8(String text) {
        return text == null || text.isEmpty() ? EMPTY : text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    static InputStream stream(byte[] body) {
        return new ByteArrayInputStream(body);
    }

    static String describe(byte[] body) {
        return body.length + " bytes";
    }

    static boolean equal(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
