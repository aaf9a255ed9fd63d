package dev.jprefect.transport;

/**
 * The startup and shutdown hooks of a {@link RequestHandler}, as an ASGI application's lifespan.
 *
 * <p>Hooks are not called directly: {@link AppLifespans#enter(RequestHandler, java.time.Duration)}
 * counts the clients of an application, runs {@link #startup()} before the first of them proceeds
 * and {@link #shutdown()} after the last of them leaves.
 */
public interface Lifespan {

    /** A lifespan with no hooks. */
    Lifespan NONE = new Lifespan() {
        @Override
        public void startup() {
        }

        @Override
        public void shutdown() {
        }
    };

    /** Prepares the application to serve; runs once before its first client proceeds. */
    void startup() throws Exception;

    /** Releases what startup acquired; runs once after its last client has left. */
    void shutdown() throws Exception;
}
