/**
 * Defines jprefect's public API: the transport-neutral request model and the transport SPI (and,
 * as they land, flows and tasks, the Prefect client, settings and the schema records).
 *
 * <p>Exports {@code dev.jprefect.transport} (requests, responses, {@code RequestHandler},
 * {@code Transport}, {@code Transports}, the in-process app registry, lifespans) and
 * {@code dev.jprefect.transport.spi} ({@code TransportProvider}). Uses
 * {@code dev.jprefect.transport.spi.TransportProvider}: put a transport module on the module path
 * ({@code dev.jprefect.transport.http} for {@code http:}/{@code https:} URLs,
 * {@code dev.jprefect.transport.inmemory} for {@code inmemory:} URLs) or provide your own.
 *
 * <p>Reads the setting {@code PREFECT_CLIENT_TRANSPORT} (a jprefect setting, no default) to name a
 * transport provider explicitly.
 *
 * @since 0.1
 */
module dev.jprefect.api {
    requires com.squareup.moshi;

    exports dev.jprefect.transport;
    exports dev.jprefect.transport.spi;

    uses dev.jprefect.transport.spi.TransportProvider;
}
