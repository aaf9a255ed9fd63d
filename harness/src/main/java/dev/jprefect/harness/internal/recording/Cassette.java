package dev.jprefect.harness.internal.recording;

import dev.jprefect.client.schemas.JsonCodec;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Headers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The recorded exchanges of one cassette file, and which of them have answered a request yet.
 *
 * <p>The file is JSON: {@code {"format": "jprefect-cassette", "version": 1, "interactions": [...]}},
 * each interaction a {@code request} (method, uri, headers, body) and a {@code response} (status,
 * headers, body). A body that is valid UTF-8 is stored as text ({@code "body"}), any other as
 * base64 ({@code "body_base64"}). Thread-safe.
 */
final class Cassette {

    static final String FORMAT = "jprefect-cassette";
    static final int VERSION = 1;

    /** Request headers whose values are never written to a cassette (they would leak credentials). */
    /** How many unused exchanges a mismatch message lists before it stops. */
    private static final int UNUSED_LISTED = 10;

    /** How much of a request body a mismatch message quotes. */
    private static final int BODY_QUOTED_CHARS = 200;

    private final Path file;
    private final List<Slot> slots;

    private Cassette(Path file, List<Slot> slots) {
        this.file = file;
        this.slots = slots;
    }

    /** Returns an empty cassette that will be written to {@code file}. */
    static Cassette empty(Path file) {
        return new Cassette(file, new ArrayList<>());
    }

    /**
     * Reads {@code file}; a missing file gives an empty cassette.
     *
     * @throws IllegalArgumentException naming the file and the fault if it is not a cassette
     * @throws UncheckedIOException if it cannot be read
     */
    static Cassette read(Path file) {
        if (!Files.exists(file)) {
            return empty(file);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cassette " + file + ": " + e.getMessage(), e);
        }
        try {
            return new Cassette(file, parse(text));
        } catch (ClassCastException
                | IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("cassette " + file + " is not a valid " + FORMAT
                    + " file: " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    /** Returns the first exchange not yet used whose request matches {@code request}, marking it used. */
    synchronized Optional<ApiResponse> take(ApiRequest request) {
        for (Slot slot : slots) {
            if (!slot.used && slot.matches(request)) {
                slot.used = true;
                return Optional.of(slot.response);
            }
        }
        return Optional.empty();
    }

    /** Adds an exchange, already used, and writes the file. */
    synchronized void record(ApiRequest request, ApiResponse response) {
        Slot slot = new Slot(request.method(), request.uri().toString(), request.headers().redacted(),
                request.body(), response);
        slot.used = true;
        slots.add(slot);
        write();
    }

    /** Writes the file: to a temporary file beside it, then moved into place. */
    synchronized void write() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        List<Object> interactions = new ArrayList<>();
        for (Slot slot : slots) {
            interactions.add(slot.toJson());
        }
        root.put("interactions", interactions);
        String text = JsonCodec.standard().toIndentedJson(root) + "\n";
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write cassette " + file + ": " + e.getMessage(), e);
        }
    }

    /** Returns the message for a request the cassette cannot answer. */
    synchronized String mismatch(ApiRequest request) {
        StringBuilder out = new StringBuilder("no recorded exchange matches ")
                .append(request.method()).append(' ').append(request.uri());
        if (request.bodyLength() > 0) {
            out.append(" with body ").append(quote(request.body()));
        }
        out.append(" in cassette ").append(file).append(" (replay matches method, URI and body).");
        long matchingUsed = slots.stream().filter(s -> s.used && s.matches(request)).count();
        if (matchingUsed > 0) {
            out.append(" The cassette holds it ").append(matchingUsed)
                    .append(matchingUsed == 1 ? " time" : " times").append(", and every one has answered already.");
        }
        List<Slot> unused = slots.stream().filter(s -> !s.used).toList();
        if (unused.isEmpty()) {
            out.append(" No unused exchange is left.");
        } else {
            out.append(" Unused exchanges: ");
            for (int i = 0; i < Math.min(unused.size(), UNUSED_LISTED); i++) {
                Slot s = unused.get(i);
                out.append(i == 0 ? "" : "; ").append(s.method).append(' ').append(s.uri);
                if (s.body.length > 0) {
                    out.append(" with body ").append(quote(s.body));
                }
            }
            if (unused.size() > UNUSED_LISTED) {
                out.append("; and ").append(unused.size() - UNUSED_LISTED).append(" more");
            }
            out.append('.');
        }
        out.append(" Record it again (mode RECORD or RECORD_IF_MISSING) if the code under test changed.");
        return out.toString();
    }

    synchronized int size() {
        return slots.size();
    }

    private static String quote(byte[] body) {
        Optional<String> text = utf8(body);
        if (text.isEmpty()) {
            return "<" + body.length + " bytes, not UTF-8>";
        }
        String s = text.get();
        return "'" + (s.length() > BODY_QUOTED_CHARS ? s.substring(0, BODY_QUOTED_CHARS) + "..." : s) + "'";
    }

    /** Returns the body as text if it is valid UTF-8. */
    private static Optional<String> utf8(byte[] body) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    // ---- JSON

    @SuppressWarnings("unchecked")
    private static List<Slot> parse(String text) {
        Object parsed = JsonCodec.standard().fromJson(text, Object.class);
        if (!(parsed instanceof Map)) {
            throw new IllegalArgumentException("the top level is not a JSON object");
        }
        Map<String, Object> root = (Map<String, Object>) parsed;
        if (!FORMAT.equals(root.get("format"))) {
            throw new IllegalArgumentException("\"format\" is " + root.get("format") + ", expected \"" + FORMAT + "\"");
        }
        Object version = root.get("version");
        if (!(version instanceof Number) || ((Number) version).intValue() != VERSION) {
            throw new IllegalArgumentException("\"version\" is " + version + ", this jprefect reads version " + VERSION);
        }
        List<Slot> slots = new ArrayList<>();
        List<Object> interactions = (List<Object>) required(root, "interactions", "the cassette");
        for (int i = 0; i < interactions.size(); i++) {
            String where = "interaction " + i;
            Map<String, Object> interaction = (Map<String, Object>) interactions.get(i);
            Map<String, Object> request = (Map<String, Object>) required(interaction, "request", where);
            Map<String, Object> response = (Map<String, Object>) required(interaction, "response", where);
            int status = ((Number) required(response, "status", where + " response")).intValue();
            ApiResponse recorded = ApiResponse.builder(status)
                    .headers(headers(response))
                    .body(body(response, where + " response"))
                    .build();
            slots.add(new Slot(
                    ((String) required(request, "method", where + " request")).toUpperCase(Locale.ROOT),
                    (String) required(request, "uri", where + " request"),
                    headers(request),
                    body(request, where + " request"),
                    recorded));
        }
        return slots;
    }

    private static Object required(Map<String, Object> map, String key, String where) {
        Object value = map.get(key);
        if (value == null) {
            throw new IllegalArgumentException(where + " has no \"" + key + "\"");
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Headers headers(Map<String, Object> message) {
        Object value = message.get("headers");
        if (value == null) {
            return Headers.empty();
        }
        Headers.Builder out = Headers.builder();
        ((Map<String, Object>) value).forEach((name, values) -> {
            for (Object v : (List<Object>) values) {
                out.add(name, (String) v);
            }
        });
        return out.build();
    }

    private static byte[] body(Map<String, Object> message, String where) {
        Object text = message.get("body");
        Object base64 = message.get("body_base64");
        if (text != null && base64 != null) {
            throw new IllegalArgumentException(where + " has both \"body\" and \"body_base64\"");
        }
        if (text != null) {
            return ((String) text).getBytes(StandardCharsets.UTF_8);
        }
        if (base64 != null) {
            return Base64.getDecoder().decode((String) base64);
        }
        return new byte[0];
    }

    private static Map<String, Object> messageJson(Headers headers, byte[] body) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!headers.isEmpty()) {
            Map<String, Object> h = new LinkedHashMap<>();
            headers.toMap().forEach((name, values) -> h.put(name, List.copyOf(values)));
            out.put("headers", h);
        }
        if (body.length > 0) {
            Optional<String> text = utf8(body);
            if (text.isPresent()) {
                out.put("body", text.get());
            } else {
                out.put("body_base64", Base64.getEncoder().encodeToString(body));
            }
        }
        return out;
    }

    /** One recorded exchange and whether it has answered a request. */
    private static final class Slot {
        final String method;
        final String uri;
        final Headers requestHeaders;
        final byte[] body;
        final ApiResponse response;
        boolean used;

        Slot(String method, String uri, Headers requestHeaders, byte[] body, ApiResponse response) {
            this.method = method;
            this.uri = uri;
            this.requestHeaders = requestHeaders;
            this.body = body;
            this.response = response;
        }

        boolean matches(ApiRequest request) {
            return method.equals(request.method())
                    && uri.equals(request.uri().toString())
                    && Arrays.equals(body, request.body());
        }

        Map<String, Object> toJson() {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("method", method);
            request.put("uri", uri);
            request.putAll(messageJson(requestHeaders, body));
            Map<String, Object> recorded = new LinkedHashMap<>();
            recorded.put("status", response.status());
            recorded.putAll(messageJson(response.headers(), response.body()));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("request", request);
            out.put("response", recorded);
            return out;
        }
    }
}
