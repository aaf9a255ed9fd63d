package dev.jprefect.transport.spi;

import dev.jprefect.settings.Settings;
import dev.jprefect.transport.RequestHandler;

/**
 * ServiceLoader provider interface for the embedded Prefect-compatible server. The
 * {@code dev.jprefect.server} module provides it; a client in ephemeral mode (no
 * {@code PREFECT_API_URL}, ephemeral mode allowed) and the test harness find it with
 * {@link java.util.ServiceLoader} and run the server in-process.
 */
public interface EmbeddedServerProvider {

    /** Returns the provider's short name, e.g. {@code "jprefect"}. */
    String name();

    /** Creates a new server, with its own empty storage, configured by {@code settings}. */
    RequestHandler create(Settings settings);
}
