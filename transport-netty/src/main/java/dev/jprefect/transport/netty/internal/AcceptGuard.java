package dev.jprefect.transport.netty.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.ZonedDateTime;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the listening socket accepting through failures to accept, above all the process running
 * out of file descriptors ({@code EMFILE}, {@code ENFILE}: "Too many open files"): accepting pauses
 * and is retried after a short wait, doubling up to {@link #LONGEST_PAUSE_MILLIS}, so new
 * connections are taken again as soon as descriptors free up. One warning is logged when accepting
 * starts failing and one line when it works again.
 *
 * <p>Without it Netty logs each failure on the accepting thread; when that log is the first of the
 * process to need the time zone database, the database's file cannot be opened either, and the
 * error kills the accepting thread: the port stays open and nothing is accepted again. So this
 * handler logs nothing that can throw, and {@link #prepareLogging()} loads what a log line needs
 * before any descriptor can run out. Sits in the listening channel's pipeline, on its event loop.
 */
public final class AcceptGuard extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(AcceptGuard.class.getName());

    /** The first wait before accepting again: short, as descriptors often free up within milliseconds. */
    static final long FIRST_PAUSE_MILLIS = 10;

    /** The longest wait before accepting again, so a recovered server resumes within a second. */
    static final long LONGEST_PAUSE_MILLIS = 1_000;

    private long pauseMillis = FIRST_PAUSE_MILLIS;
    private long failures;

    /**
     * Loads, once, what the JDK's log formatter needs from files (the time zone database), so that
     * logging still works while the process has no descriptor left.
     */
    public static void prepareLogging() {
        String.format("%1$tb %1$td, %1$tY %1$tl:%1$tM:%1$tS %1$Tp", ZonedDateTime.now());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object acceptedConnection) {
        if (failures > 0) {
            long failed = failures;
            failures = 0;
            pauseMillis = FIRST_PAUSE_MILLIS;
            log(Level.INFO, "accepting connections on " + ctx.channel().localAddress() + " again after " + failed
                    + " failed attempts");
        }
        ctx.fireChannelRead(acceptedConnection);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        if (failures++ == 0) {
            log(Level.WARNING, "cannot accept connections on " + ctx.channel().localAddress() + ": " + cause.getMessage()
                    + "; retrying until it works again (are file descriptors exhausted? see ulimit -n and"
                    + " PREFECT_SERVER_API_MAX_CONNECTIONS)");
        }
        ctx.channel().config().setAutoRead(false);
        ctx.executor().schedule(() -> {
            ctx.channel().config().setAutoRead(true); // accepts what waits in the backlog
        }, pauseMillis, TimeUnit.MILLISECONDS);
        pauseMillis = Math.min(LONGEST_PAUSE_MILLIS, pauseMillis * 2);
    }

    /** Logs, never throwing: a failed log line must not stop the accepting thread. */
    private static void log(Level level, String message) {
        try {
            LOG.log(level, message);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable ignored) {
            // nothing can be reported while the process cannot even format a log line
        }
    }
}
