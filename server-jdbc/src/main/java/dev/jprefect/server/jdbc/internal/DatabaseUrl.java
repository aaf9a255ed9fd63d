package dev.jprefect.server.jdbc.internal;

import dev.jprefect.server.internal.storage.Redact;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A database URL in the form of Prefect's {@code PREFECT_API_DATABASE_CONNECTION_URL} (SQLAlchemy's),
 * turned into what JDBC needs: {@code sqlite+aiosqlite:///PATH} or {@code sqlite:///PATH} (a
 * relative path, or an absolute one after the third slash: {@code sqlite:////home/me/prefect.db})
 * becomes {@code jdbc:sqlite:PATH}; {@code postgresql+asyncpg://USER:PASSWORD@HOST:PORT/DB} (or
 * {@code postgresql://}, {@code postgres://}) becomes {@code jdbc:postgresql://HOST:PORT/DB} with
 * the user and password apart. SQLAlchemy's query parameters ({@code ?...}) are not carried over.
 *
 * @param dialect which database
 * @param jdbcUrl the JDBC URL, without credentials
 * @param user the user, or null
 * @param password the password, or null
 * @param file the SQLite file, or null for PostgreSQL
 */
record DatabaseUrl(Dialect dialect, String jdbcUrl, String user, String password, Path file) {

    /** The databases this module stores rows in. */
    enum Dialect {
        SQLITE, POSTGRESQL
    }

    /** Returns true if {@code url} names SQLite or PostgreSQL. */
    static boolean accepts(String url) {
        String scheme = scheme(url);
        return scheme != null && (scheme.equals("sqlite") || scheme.startsWith("sqlite+")
                || scheme.equals("postgresql") || scheme.startsWith("postgresql+") || scheme.equals("postgres"));
    }

    /**
     * Parses {@code url}.
     *
     * @throws IllegalArgumentException naming the URL (without its password) when it is not one
     */
    static DatabaseUrl parse(String url) {
        String scheme = scheme(url);
        if (scheme == null || !accepts(url)) {
            throw new IllegalArgumentException("not a SQLite or PostgreSQL URL: " + Redact.url(url));
        }
        String rest = url.substring(url.indexOf("://") + 3);
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        if (scheme.startsWith("sqlite")) {
            if (!rest.startsWith("/") || rest.length() < 2) {
                throw new IllegalArgumentException("a SQLite URL names its file after three slashes, e.g. "
                        + "sqlite+aiosqlite:////home/me/.prefect/prefect.db: " + url);
            }
            String path = rest.substring(1);
            if (path.contains(":memory:")) {
                throw new IllegalArgumentException("an in-memory SQLite database is not supported: leave the"
                        + " database URL unset for in-memory storage: " + url);
            }
            Path file = Path.of(path).toAbsolutePath();
            return new DatabaseUrl(Dialect.SQLITE, "jdbc:sqlite:" + file, null, null, file);
        }
        URI uri = URI.create("postgresql://" + rest);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("a PostgreSQL URL names its host: " + Redact.url(url));
        }
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "" : uri.getPath().substring(1);
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()) + "/" + database;
        return new DatabaseUrl(Dialect.POSTGRESQL, jdbc, user, password, null);
    }

    private static String scheme(String url) {
        int end = url.indexOf("://");
        return end <= 0 ? null : url.substring(0, end).toLowerCase(Locale.ROOT);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return jdbcUrl;
    }
}
