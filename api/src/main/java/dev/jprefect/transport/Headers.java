package dev.jprefect.transport;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Immutable HTTP-style headers: names are case-insensitive, each name may carry several values,
 * and the order of values under one name is kept.
 *
 * <p>Obtain one with {@link #of(String...)} or {@link #empty()} and derive others with
 * {@link #with(String, String)} (adds a value) and {@link #withReplaced(String, String)}
 * (replaces every value of that name):
 *
 * <pre>{@code
 * Headers h = Headers.of("Content-Type", "application/json").with("Accept", "application/json");
 * h.first("content-type"); // Optional[application/json]
 * }</pre>
 */
public final class Headers {

    private static final Headers EMPTY = new Headers(new TreeMap<>(String.CASE_INSENSITIVE_ORDER));

    /** Values keyed by name; the map orders names case-insensitively, the lists are unmodifiable. */
    private final TreeMap<String, List<String>> values;

    private Headers(TreeMap<String, List<String>> values) {
        this.values = values;
    }

    /** Returns headers with no entries. */
    public static Headers empty() {
        return EMPTY;
    }

    /**
     * Returns headers from alternating names and values, e.g. {@code of("Accept", "a/b", "X-Y", "1")}.
     *
     * @throws IllegalArgumentException if the count is odd or a name is not a valid header name
     */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "Headers.of takes name, value pairs; got " + namesAndValues.length + " strings");
        }
        Builder builder = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    /** Returns headers holding every value of {@code map}, keyed by header name. */
    public static Headers of(Map<String, ? extends List<String>> map) {
        Builder builder = builder();
        map.forEach((name, list) -> list.forEach(value -> builder.add(name, value)));
        return builder.build();
    }

    /** Returns a new, empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the first value for {@code name}, ignoring case, if there is one. */
    public Optional<String> first(String name) {
        List<String> list = values.get(name);
        return list == null ? Optional.empty() : Optional.of(list.get(0));
    }

    /** Returns every value for {@code name}, ignoring case, in the order they were added. */
    public List<String> all(String name) {
        List<String> list = values.get(name);
        return list == null ? List.of() : list;
    }

    /** Returns true if at least one value is present under {@code name}, ignoring case. */
    public boolean contains(String name) {
        return values.containsKey(name);
    }

    /** Returns the header names, in case-insensitive order, each as first added. */
    public Set<String> names() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** Returns true if there are no headers. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** Calls {@code action} once for every name and value pair. */
    public void forEach(BiConsumer<String, String> action) {
        values.forEach((name, list) -> list.forEach(value -> action.accept(name, value)));
    }

    /** Returns an unmodifiable view of the headers as a map from name to values. */
    public Map<String, List<String>> toMap() {
        return Collections.unmodifiableMap(values);
    }

    /** Returns a copy with {@code value} added under {@code name}, after any existing values. */
    public Headers with(String name, String value) {
        return toBuilder().add(name, value).build();
    }

    /** Returns a copy in which {@code value} is the only value under {@code name}. */
    public Headers withReplaced(String name, String value) {
        return toBuilder().set(name, value).build();
    }

    /** Returns a copy without any value under {@code name}. */
    public Headers without(String name) {
        if (!contains(name)) {
            return this;
        }
        return toBuilder().remove(name).build();
    }

    /** Returns a builder that starts with these headers. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        values.forEach((name, list) -> builder.values.put(name, new ArrayList<>(list)));
        return builder;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Headers)) {
            return false;
        }
        Headers that = (Headers) other;
        return normalized().equals(that.normalized());
    }

    @Override
    public int hashCode() {
        return normalized().hashCode();
    }

    private Map<String, List<String>> normalized() {
        Map<String, List<String>> map = new TreeMap<>();
        values.forEach((name, list) -> map.put(name.toLowerCase(Locale.ROOT), list));
        return map;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("Headers{");
        forEach((name, value) -> {
            if (out.length() > "Headers{".length()) {
                out.append(", ");
            }
            out.append(name).append(": ").append(redacted(name, value));
        });
        return out.append('}').toString();
    }

    /**
     * Returns a copy in which every value of a credential header ({@code Authorization},
     * {@code Proxy-Authorization}, {@code Cookie}, {@code Set-Cookie}, {@code X-Api-Key},
     * {@code Prefect-Csrf-Token}) reads {@code <redacted>}: what may be logged, printed or written to
     * a file. {@link #toString()} shows headers this way.
     */
    public Headers redacted() {
        Builder out = builder();
        forEach((name, value) -> out.add(name, redacted(name, value)));
        return out.build();
    }

    /** The headers that carry credentials, lower case; they never appear in logs or files. */
    private static final Set<String> CREDENTIAL_HEADERS = Set.of(
            "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "prefect-csrf-token");

    private static final String REDACTED = "<redacted>";

    private static String redacted(String name, String value) {
        return CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT)) ? REDACTED : value;
    }

    /** A mutable builder of {@link Headers}; not thread-safe. */
    public static final class Builder {
        private final TreeMap<String, List<String>> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        private Builder() {
        }

        /** Adds {@code value} under {@code name}, after any values already there. */
        public Builder add(String name, String value) {
            checkName(name);
            checkValue(name, value);
            values.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
            return this;
        }

        /** Makes {@code value} the only value under {@code name}. */
        public Builder set(String name, String value) {
            remove(name);
            return add(name, value);
        }

        /** Removes every value under {@code name}. */
        public Builder remove(String name) {
            values.remove(name);
            return this;
        }

        /** Returns the immutable headers. */
        public Headers build() {
            if (values.isEmpty()) {
                return EMPTY;
            }
            TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            values.forEach((name, list) -> copy.put(name, List.copyOf(list)));
            return new Headers(copy);
        }

        private static void checkName(String name) {
            Objects.requireNonNull(name, "header name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("header name is empty");
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                    throw new IllegalArgumentException(
                            "header name '" + name + "' has a character not allowed in a token at index " + i);
                }
            }
        }

        private static void checkValue(String name, String value) {
            Objects.requireNonNull(value, () -> "value of header " + name);
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < ' ' && c != '\t') || c == 0x7f) {
                    throw new IllegalArgumentException(
                            "value of header '" + name + "' has a control character at index " + i);
                }
            }
        }
    }
}
