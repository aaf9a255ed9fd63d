package dev.jprefect.server.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;

/**
 * ServiceLoader provider interface for Prefect's built UI bundles, which {@code PrefectServer} serves
 * beside the API as {@code prefect server start} does. Installed by putting a module that
 * {@code provides} it on the path: {@code dev.jprefect.ui} (artifact {@code jprefect-ui}) carries
 * the bundles of the pinned Prefect wheel. Without one the server runs without a UI.
 *
 * <p>A bundle is named as Prefect names it: {@code v1} (the Vue UI, {@code prefect/server/ui}) and
 * {@code v2} (the React UI, {@code prefect/server/ui-v2}). Its files are as shipped, with Prefect's
 * base-path placeholder still in them; the server replaces it.
 */
public interface UiBundleProvider {
    /** Returns the bundles this provider has, {@code v1} and/or {@code v2}; empty if it was built without them. */
    Set<String> versions();

    /**
     * Opens a file of a bundle by its path inside the bundle ({@code index.html},
     * {@code assets/index-x.js}), or returns empty when the bundle has no such file (directories
     * are not files).
     *
     * @throws IOException if the file exists but cannot be read
     */
    Optional<InputStream> open(String version, String path) throws IOException;
}
