package dev.jprefect.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The versions the client announces in {@code User-Agent} and {@code X-Prefect-Api-Version}. */
final class ClientVersion {

    /** The Prefect REST API version this client speaks (Prefect 3's {@code SERVER_API_VERSION}). */
    static final String API_VERSION = "0.8.4";

    /** jprefect's version, filled in by the build from the project version. */
    static final String VERSION = load();

    private ClientVersion() {
    }

    /** Returns e.g. {@code jprefect/0.1.0-SNAPSHOT (API 0.8.4)}, the form of Prefect's {@code prefect/<v> (API <v>)}. */
    static String userAgent() {
        return "jprefect/" + VERSION + " (API " + API_VERSION + ")";
    }

    private static String load() {
        try (InputStream in = ClientVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "unknown").trim();
            return version.isEmpty() || version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
