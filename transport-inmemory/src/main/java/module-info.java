/**
 * The in-memory transport: carries requests for {@code inmemory://NAME/api} URLs straight to the
 * {@code RequestHandler} registered as {@code NAME} in {@code dev.jprefect.transport.InProcessApps},
 * on the caller's thread. No socket, no connection pool, no thread hop: a send returns an already
 * completed future. Streams are direct subscriptions: two queues shared by the client and the app.
 *
 * <p>Exports nothing. Provides {@code dev.jprefect.transport.spi.TransportProvider} (provider name
 * {@code inmemory}, scheme {@code inmemory}); put this module on the path and set
 * {@code PREFECT_API_URL=inmemory://NAME/api}. Uses no service. Reads no setting itself: the request
 * timeout ({@code PREFECT_API_REQUEST_TIMEOUT}, default 60 s) arrives in the
 * {@code TransportConfig}; a handler still running when it expires is interrupted.
 *
 * @since 0.1
 */
module dev.jprefect.transport.inmemory {
    requires dev.jprefect.api;

    provides dev.jprefect.transport.spi.TransportProvider
            with dev.jprefect.transport.inmemory.internal.InMemoryTransportProvider;
}
