package dev.jprefect.cli.internal;

/**
 * How a running server learns it should stop, and tells that it has: the process's shutdown
 * (Ctrl-C, SIGTERM) in {@link JvmLifecycle}, a latch in tests.
 */
public interface Lifecycle {

    /** Called once the server is up; from now on a stop request may come. */
    void started();

    /** Blocks until a stop is requested. */
    void awaitStopRequest() throws InterruptedException;

    /** Called once the server has stopped and released everything. */
    void stopped();
}
