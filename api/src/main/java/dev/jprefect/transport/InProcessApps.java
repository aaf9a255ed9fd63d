package dev.jprefect.transport;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The registry of in-process applications, addressed by {@code inmemory://NAME/api} URLs.
 *
 * <p>A server (or a test harness) registers its {@link RequestHandler} under a name; setting
 * {@code PREFECT_API_URL=inmemory://NAME/api} then points any client at it through the
 * {@code dev.jprefect.transport.inmemory} module, with no socket in between. The registry lives in
 * {@code api} so that the server, the harness and the in-memory transport never depend on one
 * another.
 *
 * <pre>{@code
 * try (InProcessApps.Registration app = InProcessApps.registerUnique("test", handler)) {
 *     URI apiUrl = app.apiUrl(); // inmemory://test-5f1c.../api
 * }
 * }</pre>
 */
public final class InProcessApps {

    /** The URL scheme of in-process applications. */
    public static final String SCHEME = "inmemory";

    /** Names are URL hosts: lower-case letters, digits, dots and dashes. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,126}[a-z0-9])?");

    private static final Map<String, RequestHandler> APPS = new ConcurrentHashMap<>();

    private InProcessApps() {
    }

    /**
     * Registers {@code app} under {@code name}.
     *
     * @throws IllegalArgumentException if the name is not a valid URL host name
     * @throws IllegalStateException if another app is registered under the name
     */
    public static Registration register(String name, RequestHandler app) {
        Objects.requireNonNull(app, "app");
        checkName(name);
        RequestHandler previous = APPS.putIfAbsent(name, app);
        if (previous != null) {
            throw new IllegalStateException("an in-process app is already registered as '" + name
                    + "' (" + previous + "); close its registration first or choose another name");
        }
        return new Registration(name, app);
    }

    /** Registers {@code app} under a fresh name that starts with {@code prefix}. */
    public static Registration registerUnique(String prefix, RequestHandler app) {
        checkName(prefix);
        while (true) {
            String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
            if (!APPS.containsKey(name)) {
                try {
                    return register(name, app);
                } catch (IllegalStateException taken) {
                    // a concurrent registration took the name: draw another
                }
            }
        }
    }

    /** Returns the app registered under {@code name}, if any. */
    public static Optional<RequestHandler> lookup(String name) {
        return Optional.ofNullable(APPS.get(name));
    }

    /** Returns the app that {@code inmemory://NAME/...} addresses, if any; the host's case does not matter. */
    public static Optional<RequestHandler> lookup(URI uri) {
        if (!SCHEME.equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            return Optional.empty();
        }
        return lookup(uri.getHost().toLowerCase(Locale.ROOT));
    }

    /** Returns the names registered now. */
    public static Set<String> names() {
        return Set.copyOf(APPS.keySet());
    }

    /** Returns the API URL of the app named {@code name}: {@code inmemory://NAME/api}. */
    public static URI apiUrl(String name) {
        checkName(name);
        return URI.create(SCHEME + "://" + name + "/api");
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("in-process app name '" + name
                    + "' is not a valid URL host: use lower-case letters, digits, '.' and '-'");
        }
    }

    /** One app's place in the registry; closing it frees the name. */
    public static final class Registration implements AutoCloseable {
        private final String name;
        private final RequestHandler app;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Registration(String name, RequestHandler app) {
            this.name = name;
            this.app = app;
        }

        /** Returns the registered name. */
        public String name() {
            return name;
        }

        /** Returns the registered app. */
        public RequestHandler app() {
            return app;
        }

        /** Returns {@code inmemory://NAME/api}. */
        public URI apiUrl() {
            return InProcessApps.apiUrl(name);
        }

        /** Removes the app from the registry; idempotent. */
        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                APPS.remove(name, app);
            }
        }
    }
}
