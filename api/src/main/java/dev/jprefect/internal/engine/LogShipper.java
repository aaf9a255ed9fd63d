package dev.jprefect.internal.engine;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.schemas.LogCreate;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends run logs to one client's {@code POST /logs/} in batches, as Prefect's {@code APILogHandler}:
 * every {@code PREFECT_LOGGING_TO_API_BATCH_INTERVAL}, or sooner once
 * {@code PREFECT_LOGGING_TO_API_BATCH_SIZE} bytes are waiting; on {@link #flush} (the end of a
 * flow run); and on {@link #close} (the client's last use). A record longer than
 * {@code PREFECT_LOGGING_TO_API_MAX_LOG_SIZE} is cut to fit (Prefect drops it instead). Logging never
 * fails a run: a batch the API refuses is reported on the {@code dev.jprefect.engine} logger and
 * dropped.
 */
final class LogShipper {

    /** Bytes a record takes on the wire besides its message and logger name: ids, timestamp, field names. */
    static final int RECORD_OVERHEAD_BYTES = 200;

    /** Appended to a message cut to the size limit. */
    static final String TRUNCATED_MARK = "... [truncated]";

    /** One daemon thread ships every client's batches on their intervals; sending is short and bounded. */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jprefect-log-shipper");
        t.setDaemon(true);
        return t;
    });

    private static final System.Logger LOGGER = System.getLogger("dev.jprefect.engine");

    private final PrefectClient client;
    private final long batchBytes;
    private final int maxLogBytes;
    private final ConcurrentLinkedQueue<Entry> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final ReentrantLock sending = new ReentrantLock();
    private final ScheduledFuture<?> timer;
    private volatile boolean closed;

    private record Entry(LogCreate log, int bytes) {
    }

    LogShipper(PrefectClient client, Duration interval, int batchBytes, int maxLogBytes) {
        this.client = client;
        this.batchBytes = batchBytes;
        this.maxLogBytes = maxLogBytes;
        long millis = Math.max(1, interval.toMillis());
        this.timer = TIMER.scheduleWithFixedDelay(this::shipIfIdle, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Queues {@code log} for the next batch; never blocks, never throws. After {@link #close} it is dropped. */
    void add(LogCreate log) {
        if (closed) {
            return;
        }
        LogCreate fitted = fit(log);
        int bytes = size(fitted);
        queue.add(new Entry(fitted, bytes));
        // Re-reading closed after the enqueue pairs with close(), which sets it before its final
        // flush: either that flush sees this record, or this sees closed and ships it itself.
        if (queuedBytes.addAndGet(bytes) >= batchBytes || closed) {
            TIMER.execute(this::shipIfIdle);
        }
    }

    /**
     * Sends everything queued so far, waiting at most {@code timeout} for a batch already being
     * sent; returns false if that wait ran out (the records stay queued for the next batch).
     */
    boolean flush(Duration timeout) {
        try {
            if (!sending.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            ship();
            return true;
        } finally {
            sending.unlock();
        }
    }

    /**
     * Stops the timer and sends what is queued (waiting at most {@code timeout}); records added
     * from now on are dropped, and one added while this runs is still sent.
     */
    void close(Duration timeout) {
        closed = true;
        timer.cancel(false);
        flush(timeout);
    }

    private void shipIfIdle() {
        if (sending.tryLock()) {
            try {
                ship();
            } finally {
                sending.unlock();
            }
        }
    }

    /** Sends the queue in batches of at most {@link #batchBytes}; the caller holds {@link #sending}. */
    private void ship() {
        while (!queue.isEmpty()) {
            List<LogCreate> batch = new ArrayList<>();
            long bytes = 0;
            Entry next;
            while ((next = queue.peek()) != null && (batch.isEmpty() || bytes + next.bytes() <= batchBytes)) {
                queue.poll();
                batch.add(next.log());
                bytes += next.bytes();
            }
            queuedBytes.addAndGet(-bytes);
            try {
                client.createLogs(batch);
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, "could not send " + batch.size() + " run log(s) to " + client.apiUrl()
                        + "; they are dropped: " + e.getMessage());
            }
        }
    }

    private LogCreate fit(LogCreate log) {
        int allowed = maxLogBytes - RECORD_OVERHEAD_BYTES - utf8Length(log.name());
        if (utf8Length(log.message()) <= allowed) {
            return log;
        }
        int keep = Math.max(0, Math.min(log.message().length(), allowed - TRUNCATED_MARK.length()));
        while (keep > 0 && utf8Length(log.message().substring(0, keep)) + TRUNCATED_MARK.length() > allowed) {
            keep = keep * 9 / 10; // multi-byte text: shrink until it fits
        }
        return new LogCreate(log.name(), log.level(), log.message().substring(0, keep) + TRUNCATED_MARK,
                log.timestamp(), log.flowRunId(), log.taskRunId());
    }

    private static int size(LogCreate log) {
        return RECORD_OVERHEAD_BYTES + utf8Length(log.name()) + utf8Length(log.message());
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
