/**
 * Defines Prefect's built UI for jprefect's server: the V1 (Vue) and V2 (React) bundles of the
 * pinned Prefect wheel ({@code prefect/server/ui} and {@code prefect/server/ui-v2}), copied into
 * this module's jar when it is built (never committed), and provided to the server as a
 * {@code dev.jprefect.server.spi.UiBundleProvider}. Put it on the module path beside
 * {@code dev.jprefect.server} and the server serves the UI at {@code /} (V1) and {@code /v2} (V2),
 * as {@code prefect server start} does; {@code jprefect server start} has it on its path.
 *
 * <p>Exports nothing. Where PyPI could not be reached when it was built, the jar holds no bundle
 * and the server serves no UI (it says so at start).
 *
 * @since 0.1
 */
module dev.jprefect.ui {
    requires dev.jprefect.server;

    provides dev.jprefect.server.spi.UiBundleProvider with dev.jprefect.ui.internal.PrefectUiBundles;
}
