package dev.jprefect.transport.netty.internal;

import dev.jprefect.transport.RequestHandler;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * What the pipeline of every connection shares with the server: the handler, the pool it runs on,
 * the limits, the open connections and whether the server is stopping.
 */
public final class ServerState {

    /**
     * Requests waiting for a handler thread, at most. Each connection has at most one request
     * queued (connections are read one request at a time), so this bounds memory under a flood of
     * connections; beyond it requests are answered 503.
     */
    static final int MAX_QUEUED_REQUESTS = 10_000;

    /** Idle handler threads end after this long, so a quiet server holds no threads. */
    private static final long HANDLER_THREAD_KEEP_ALIVE_SECONDS = 60;

    /** The event that tells a connection the server is stopping. */
    static final Object STOP = new Object() {
        @Override
        public String toString() {
            return "STOP";
        }
    };

    private final RequestHandler app;
    private final Executor executor;
    private final Limits limits;
    private final MemoryBudget bodyBudget;
    private final SSLContext sslContext;
    private final SSLParameters tlsParameters;
    private final ChannelGroup connections = new DefaultChannelGroup("jprefect-netty", GlobalEventExecutor.INSTANCE);
    private final AtomicInteger openConnections = new AtomicInteger();
    private volatile boolean stopping;

    /**
     * Creates the shared state; {@code sslContext} is null for plain HTTP, {@code tlsParameters}
     * null for the context's defaults.
     */
    public ServerState(RequestHandler app, Executor executor, Limits limits, SSLContext sslContext,
            SSLParameters tlsParameters) {
        this.app = app;
        this.executor = executor;
        this.limits = limits;
        this.bodyBudget = new MemoryBudget(limits.bodyMemoryBudget());
        this.sslContext = sslContext;
        this.tlsParameters = tlsParameters;
    }

    /** Returns a pool of {@code threads} handler threads with a bounded queue. */
    public static ExecutorService newHandlerExecutor(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> new Thread(runnable, "jprefect-netty-handler-" + count.incrementAndGet());
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads,
                HANDLER_THREAD_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(MAX_QUEUED_REQUESTS), factory);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /**
     * Counts a new connection in if the limit allows it; returns false (and counts nothing) when
     * the server already has its maximum of open connections.
     */
    boolean tryOpenConnection() {
        while (true) {
            int open = openConnections.get();
            if (open >= limits.maxConnections()) {
                return false;
            }
            if (openConnections.compareAndSet(open, open + 1)) {
                return true;
            }
        }
    }

    /** Counts out a connection counted in by {@link #tryOpenConnection()} once it has closed. */
    void connectionClosed() {
        openConnections.decrementAndGet();
    }

    /** Returns the open connections. */
    public ChannelGroup connections() {
        return connections;
    }

    /** Marks the server as stopping: responses from now on close their connection. */
    public void beginStop() {
        stopping = true;
    }

    /** Tells every connection that the server stops: idle ones close now, busy ones after their response. */
    public void closeIdleConnections() {
        for (Channel connection : connections) {
            connection.pipeline().fireUserEventTriggered(STOP);
        }
    }

    RequestHandler app() {
        return app;
    }

    Executor executor() {
        return executor;
    }

    Limits limits() {
        return limits;
    }

    MemoryBudget bodyBudget() {
        return bodyBudget;
    }

    /** Returns a server-side TLS engine for one connection, or null when the server speaks plain HTTP. */
    SSLEngine newTlsEngine() {
        if (sslContext == null) {
            return null;
        }
        SSLEngine engine = sslContext.createSSLEngine();
        engine.setUseClientMode(false);
        if (tlsParameters != null) {
            engine.setSSLParameters(tlsParameters);
        }
        return engine;
    }

    boolean stopping() {
        return stopping;
    }
}
