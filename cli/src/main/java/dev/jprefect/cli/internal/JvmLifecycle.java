package dev.jprefect.cli.internal;

import dev.jprefect.transport.netty.NettyServer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stops on the process's shutdown: a shutdown hook (run on Ctrl-C or SIGTERM) requests the stop,
 * then holds the JVM until the server has stopped, for at most {@link #STOP_WAIT}.
 */
public final class JvmLifecycle implements Lifecycle {
    /**
     * How long the shutdown hook waits for the server to stop: Netty's graceful stop for requests
     * in flight, plus a margin for releasing threads.
     */
    static final Duration STOP_WAIT = NettyServer.DEFAULT_GRACEFUL_STOP_TIMEOUT.plusSeconds(5);

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public void started() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopRequested.countDown();
            try {
                stopped.await(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jprefect-shutdown"));
    }

    /** Waits for the shutdown hook: the server runs until the process is told to stop. */
    @Override
    public void awaitStopRequest() throws InterruptedException {
        stopRequested.await();
    }

    @Override
    public void stopped() {
        stopped.countDown();
    }
}
