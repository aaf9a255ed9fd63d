package dev.jprefect.transport.netty;

import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.RequestHandler;
import dev.jprefect.transport.netty.internal.AcceptGuard;
import dev.jprefect.transport.netty.internal.HttpServerInitializer;
import dev.jprefect.transport.netty.internal.Limits;
import dev.jprefect.transport.netty.internal.ServerState;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An HTTP/1.1 server that hosts one {@link RequestHandler} on a port, built on Netty.
 *
 * <p>Start one with {@link #start(RequestHandler)} (a free port on 127.0.0.1) or
 * {@link #builder(RequestHandler)}; close it to stop. Connections are kept alive as each request
 * asks; request bodies are collected up to {@link Builder#maxBodyBytes(int) a limit} (a larger body
 * is answered 413); handlers run on a bounded pool of threads the server owns, never on Netty's
 * event loops. A handler that throws gets its request a 500 JSON {@code detail} without the stack
 * trace (logged instead); a malformed request gets a 400; the server keeps serving after either.
 *
 * <p>Every way a client can hold the server is bounded, each by a {@link Builder} setting that
 * {@link Builder#settings(Settings)} reads from the {@code PREFECT_SERVER_API_*} settings: how long
 * a connection may wait idle, send its headers, and send its body (408 for the last two); how many
 * connections may be open (one more is answered 503 with {@code Retry-After}); and how many bytes
 * of request bodies all connections may hold at once (a body over that budget is answered 503 with
 * {@code Retry-After}). Requests are held to RFC 9112's framing rules: an HTTP version other than
 * 1.0 and 1.1 is answered 505, an HTTP/1.1 request without {@code Host}, {@code Content-Length}
 * with {@code Transfer-Encoding}, or conflicting {@code Content-Length}s 400, and the connection
 * is closed. Running out of file descriptors pauses accepting until some are free again.
 * {@link #close()} stops accepting connections, lets requests in flight finish within the graceful
 * stop timeout, then shuts everything down.
 *
 * <pre>{@code
 * try (NettyServer server = NettyServer.builder(handler).port(4200).start()) {
 *     URI apiUrl = server.apiUrl(); // http://127.0.0.1:4200/api
 * }
 * }</pre>
 */
public final class NettyServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NettyServer.class.getName());

    /** The largest request body accepted by default: 10 MiB, above any Prefect API payload we expect. */
    public static final int DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

    /**
     * Handler threads by default: 40, the size of the thread pool on which Starlette (under Prefect's
     * server) runs blocking endpoint code.
     */
    public static final int DEFAULT_WORKER_THREADS = 40;

    /** How long a connection may wait for its next request by default: 5 s, Prefect's {@code PREFECT_SERVER_API_KEEPALIVE_TIMEOUT}. */
    public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(5);

    /** How long a request's line and headers may take from its first byte by default: 10 s, for a few KiB. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);

    /**
     * How long a request's body may take from the end of its headers by default: 60 s, the
     * client's default request timeout ({@code PREFECT_API_REQUEST_TIMEOUT}), after which no one
     * waits for the answer any more.
     */
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(60);
    /** How long a WebSocket may go without a frame from its client, its server's ping answered or not: 60 s. */
    public static final Duration DEFAULT_WEBSOCKET_IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** The most open connections by default when the descriptor limit cannot be read. */
    private static final int FALLBACK_MAX_CONNECTIONS = 10_000;

    /** How long {@link #close()} waits for requests in flight by default. */
    public static final Duration DEFAULT_GRACEFUL_STOP_TIMEOUT = Duration.ofSeconds(10);

    /** The default bind address: loopback, so nothing is exposed unless asked for. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** How long binding the port may take; binding is local, a second is already slow. */
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);

    /** How long the event loops get to finish after the channels have closed. */
    private static final Duration EVENT_LOOP_STOP_TIMEOUT = Duration.ofSeconds(5);

    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final ExecutorService handlerExecutor;
    private final ServerState state;
    private final Channel serverChannel;
    private final URI uri;
    private final Duration gracefulStopTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NettyServer(Builder builder) {
        this.gracefulStopTimeout = builder.gracefulStopTimeout;
        this.bossGroup = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("jprefect-netty-accept"), NioIoHandler.newFactory());
        this.workerGroup = new MultiThreadIoEventLoopGroup(builder.ioThreads,
                new DefaultThreadFactory("jprefect-netty-io"), NioIoHandler.newFactory());
        this.handlerExecutor = ServerState.newHandlerExecutor(builder.workerThreads);
        this.state = new ServerState(builder.handler, handlerExecutor, builder.limits(), builder.sslContext,
                builder.tlsParameters);
        AcceptGuard.prepareLogging();
        HttpServerInitializer.warmUp();
        boolean started = false;
        try {
            ChannelFuture bind = new ServerBootstrap()
                    .group(bossGroup, workerGroup)
                    .channel(NioServerSocketChannel.class)
                    .handler(new AcceptGuard())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.AUTO_READ, false) // one request at a time per connection
                    .childHandler(new HttpServerInitializer(state))
                    .bind(builder.host, builder.port);
            if (!bind.awaitUninterruptibly(BIND_TIMEOUT.toMillis())) {
                throw new IllegalStateException("binding " + builder.host + ":" + builder.port
                        + " took longer than " + BIND_TIMEOUT);
            }
            if (!bind.isSuccess()) {
                Throwable cause = bind.cause();
                String message = "cannot listen on " + builder.host + ":" + builder.port + ": " + cause;
                if (cause instanceof IOException) {
                    throw new UncheckedIOException(message, (IOException) cause);
                }
                throw new IllegalStateException(message, cause);
            }
            this.serverChannel = bind.channel();
            this.uri = uriOf((InetSocketAddress) serverChannel.localAddress(), builder.sslContext != null);
            started = true;
            LOG.log(Level.DEBUG, () -> "serving " + builder.handler + " at " + uri);
        } finally {
            if (!started) {
                stopThreads();
            }
        }
    }

    /** Starts serving {@code handler} on a free port of 127.0.0.1 with the default limits. */
    public static NettyServer start(RequestHandler handler) {
        return builder(handler).start();
    }

    /** Returns a builder for a server of {@code handler}; {@link Builder#start()} starts it. */
    public static Builder builder(RequestHandler handler) {
        return new Builder(handler);
    }

    /** Returns the port the server listens on; the actual one when port 0 was asked for. */
    public int port() {
        return uri.getPort();
    }

    /** Returns the server's base URI, e.g. {@code http://127.0.0.1:41234}. */
    public URI uri() {
        return uri;
    }

    /** Returns the URI of the API under the server: {@code uri()} followed by {@code /api}. */
    public URI apiUrl() {
        return URI.create(uri + "/api");
    }

    /**
     * Stops the server: accepts no new connection, closes idle ones, lets requests in flight finish
     * (answered with {@code Connection: close}) for up to the graceful stop timeout, interrupts the
     * handlers still running after that, and shuts down all threads. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + gracefulStopTimeout.toNanos();
        try {
            state.beginStop();
            serverChannel.close().awaitUninterruptibly(BIND_TIMEOUT.toMillis());
            state.closeIdleConnections();
            handlerExecutor.shutdown();
            if (!handlerExecutor.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS)) {
                LOG.log(Level.WARNING, () -> "requests still running at " + uri + " after the graceful stop timeout of "
                        + gracefulStopTimeout + "; interrupting them");
                handlerExecutor.shutdownNow();
            }
            // Each connection closes itself once its last response is written.
            state.connections().newCloseFuture().await(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopThreads();
            LOG.log(Level.DEBUG, () -> "stopped serving at " + uri);
        }
    }

    @Override
    public String toString() {
        return "NettyServer[" + (uri == null ? "starting" : uri) + (closed.get() ? ", closed]" : "]");
    }

    /** Closes whatever connections remain and shuts down the handler pool and both event loop groups. */
    private void stopThreads() {
        try {
            state.connections().close().awaitUninterruptibly(EVENT_LOOP_STOP_TIMEOUT.toMillis());
            handlerExecutor.shutdownNow();
        } finally {
            Future<?> boss = bossGroup.shutdownGracefully(0, EVENT_LOOP_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Future<?> workers = workerGroup.shutdownGracefully(0, EVENT_LOOP_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            boss.awaitUninterruptibly(EVENT_LOOP_STOP_TIMEOUT.toMillis());
            workers.awaitUninterruptibly(EVENT_LOOP_STOP_TIMEOUT.toMillis());
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static URI uriOf(InetSocketAddress bound, boolean tls) {
        InetAddress address = bound.getAddress();
        String host;
        if (address.isAnyLocalAddress()) {
            host = address instanceof Inet6Address ? "[::1]" : "127.0.0.1"; // reachable from this machine
        } else if (address instanceof Inet6Address) {
            host = "[" + address.getHostAddress() + "]";
        } else {
            host = address.getHostAddress();
        }
        return URI.create((tls ? "https" : "http") + "://" + host + ":" + bound.getPort());
    }

    /**
     * Returns the most open connections by default: three quarters of the process's file
     * descriptor limit ({@code ulimit -n}), leaving the rest to the JVM and the application, or
     * 10,000 where the limit cannot be read.
     */
    public static int defaultMaxConnections() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean) {
            long descriptors = ((com.sun.management.UnixOperatingSystemMXBean) os).getMaxFileDescriptorCount();
            if (descriptors > 0) {
                return (int) Math.max(1, Math.min(FALLBACK_MAX_CONNECTIONS, descriptors * 3 / 4));
            }
        }
        return FALLBACK_MAX_CONNECTIONS;
    }

    /**
     * Returns the bytes of request bodies all connections may hold at once by default: a quarter
     * of the maximum heap, so that bodies in flight (held once as received, once as handed to the
     * handler) stay well inside it.
     */
    public static long defaultBodyMemoryBudget() {
        return Math.max(1, Runtime.getRuntime().maxMemory() / 4);
    }

    /** The settings of a {@link NettyServer} to start; not thread-safe. */
    public static final class Builder {
        private final RequestHandler handler;
        private String host = DEFAULT_HOST;
        private int port;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Duration keepAliveTimeout = DEFAULT_KEEP_ALIVE_TIMEOUT;
        private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;
        private Duration bodyTimeout = DEFAULT_BODY_TIMEOUT;
        private Duration webSocketIdleTimeout = DEFAULT_WEBSOCKET_IDLE_TIMEOUT;
        private int maxConnections;
        private long bodyMemoryBudget;
        private int workerThreads = DEFAULT_WORKER_THREADS;
        private int ioThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private Duration gracefulStopTimeout = DEFAULT_GRACEFUL_STOP_TIMEOUT;
        private SSLContext sslContext;
        private SSLParameters tlsParameters;

        private Builder(RequestHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /** Sets the address to listen on; default 127.0.0.1, {@code 0.0.0.0} for every interface. */
        public Builder host(String address) {
            this.host = Objects.requireNonNull(address, "host");
            return this;
        }

        /** Sets the port; 0 (the default) picks a free one, reported by {@link NettyServer#port()}. */
        public Builder port(int number) {
            if (number < 0 || number > 65_535) {
                throw new IllegalArgumentException("port must be 0-65535, was " + number);
            }
            this.port = number;
            return this;
        }

        /**
         * Sets the largest request body accepted; larger ones are answered 413. Default 10 MiB
         * ({@code PREFECT_SERVER_API_MAX_BODY_SIZE}).
         */
        public Builder maxBodyBytes(int bytes) {
            this.maxBodyBytes = positive(bytes, "maxBodyBytes");
            return this;
        }

        /**
         * Sets the limits from {@code settings}: {@code PREFECT_SERVER_API_KEEPALIVE_TIMEOUT},
         * {@code PREFECT_SERVER_API_HEADER_TIMEOUT}, {@code PREFECT_SERVER_API_BODY_TIMEOUT},
         * {@code PREFECT_SERVER_API_MAX_CONNECTIONS}, {@code PREFECT_SERVER_API_MAX_BODY_SIZE} and
         * {@code PREFECT_SERVER_API_BODY_MEMORY_BUDGET}; an unset one keeps this builder's default.
         *
         * @throws dev.jprefect.settings.InvalidSettingException naming a setting that cannot be read
         */
        public Builder settings(Settings settings) {
            keepAliveTimeout(settings.get(Setting.SERVER_API_KEEPALIVE_TIMEOUT));
            headerTimeout(settings.get(Setting.SERVER_API_HEADER_TIMEOUT));
            bodyTimeout(settings.get(Setting.SERVER_API_BODY_TIMEOUT));
            webSocketIdleTimeout(settings.get(Setting.SERVER_API_WEBSOCKET_IDLE_TIMEOUT));
            settings.get(Setting.SERVER_API_MAX_CONNECTIONS).ifPresent(this::maxConnections);
            maxBodyBytes(settings.get(Setting.SERVER_API_MAX_BODY_SIZE));
            settings.get(Setting.SERVER_API_BODY_MEMORY_BUDGET).ifPresent(this::bodyMemoryBudget);
            return this;
        }

        /**
         * Sets how long a connection may wait for its next request (or its first) before it is
         * closed without an answer; default 5 s ({@code PREFECT_SERVER_API_KEEPALIVE_TIMEOUT}).
         */
        public Builder keepAliveTimeout(Duration timeout) {
            this.keepAliveTimeout = positive(timeout, "keepAliveTimeout");
            return this;
        }

        /**
         * Sets how long a request's line and headers may take from its first byte; a slower one is
         * answered 408 and its connection closed. Default 10 s ({@code PREFECT_SERVER_API_HEADER_TIMEOUT}).
         */
        public Builder headerTimeout(Duration timeout) {
            this.headerTimeout = positive(timeout, "headerTimeout");
            return this;
        }

        /**
         * Sets how long a request's body may take from the end of its headers; a slower one is
         * answered 408 and its connection closed. Default 60 s ({@code PREFECT_SERVER_API_BODY_TIMEOUT}).
         */
        public Builder bodyTimeout(Duration timeout) {
            this.bodyTimeout = positive(timeout, "bodyTimeout");
            return this;
        }

        /**
         * Sets how long a WebSocket may go without a frame from its client: after half of it the
         * server pings, after all of it (no pong either) it closes the stream with 1001 "idle
         * timeout". Default 60 s ({@code PREFECT_SERVER_API_WEBSOCKET_IDLE_TIMEOUT}).
         */
        public Builder webSocketIdleTimeout(Duration timeout) {
            this.webSocketIdleTimeout = positive(timeout, "webSocketIdleTimeout");
            return this;
        }

        /**
         * Sets how many connections may be open at once; one more is answered 503 with
         * {@code Retry-After} at once, without its request being read, and closed. Default
         * {@link #defaultMaxConnections()} ({@code PREFECT_SERVER_API_MAX_CONNECTIONS}).
         */
        public Builder maxConnections(int connections) {
            this.maxConnections = positive(connections, "maxConnections");
            return this;
        }

        /**
         * Sets how many bytes of request bodies all connections may hold at once; a request whose
         * body does not fit is answered 503 with {@code Retry-After} and its connection closed (a
         * body always fits when no other is held). Default {@link #defaultBodyMemoryBudget()}
         * ({@code PREFECT_SERVER_API_BODY_MEMORY_BUDGET}).
         */
        public Builder bodyMemoryBudget(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("bodyMemoryBudget must be positive, was " + bytes);
            }
            this.bodyMemoryBudget = bytes;
            return this;
        }

        /** Sets how many handler calls may run at once; default 40. */
        public Builder workerThreads(int threads) {
            this.workerThreads = positive(threads, "workerThreads");
            return this;
        }

        /** Sets how many Netty event loop threads carry the connections; default one per CPU. */
        public Builder ioThreads(int threads) {
            this.ioThreads = positive(threads, "ioThreads");
            return this;
        }

        /** Sets how long {@link NettyServer#close()} waits for requests in flight; default 10 s. */
        public Builder gracefulStopTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "gracefulStopTimeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("gracefulStopTimeout must not be negative, was " + timeout);
            }
            this.gracefulStopTimeout = timeout;
            return this;
        }

        /** Serves HTTPS with {@code context}'s key and certificate instead of plain HTTP; null for HTTP. */
        public Builder tls(SSLContext context) {
            this.sslContext = context;
            this.tlsParameters = null;
            return this;
        }

        /**
         * Serves HTTPS with {@code context} and applies {@code parameters} to every connection, e.g.
         * {@link SSLParameters#setNeedClientAuth} for mutual TLS (a client without a certificate
         * that {@code context}'s trust managers accept is refused in the handshake).
         */
        public Builder tls(SSLContext context, SSLParameters parameters) {
            this.sslContext = Objects.requireNonNull(context, "context");
            this.tlsParameters = Objects.requireNonNull(parameters, "parameters");
            return this;
        }

        /**
         * Binds the port and starts serving.
         *
         * @throws UncheckedIOException if the address cannot be bound (e.g. the port is taken)
         */
        public NettyServer start() {
            return new NettyServer(this);
        }

        private Limits limits() {
            return new Limits(maxBodyBytes, maxConnections > 0 ? maxConnections : defaultMaxConnections(),
                    bodyMemoryBudget > 0 ? bodyMemoryBudget : defaultBodyMemoryBudget(),
                    keepAliveTimeout, headerTimeout, bodyTimeout, webSocketIdleTimeout);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }

        private static int positive(int value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }
    }
}
