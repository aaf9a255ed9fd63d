package dev.jprefect.harness.internal.recording;

import dev.jprefect.harness.recording.CassetteMismatchException;
import dev.jprefect.harness.recording.RecordingMode;
import dev.jprefect.harness.recording.RecordingTransport;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The {@link RecordingTransport}: answers from a {@link Cassette}, or sends with the wrapped
 * transport and records, as its {@link RecordingMode} says. The wrapped transport is opened on the
 * first request that must really be sent.
 */
public final class CassetteTransport implements RecordingTransport {

    private final Cassette cassette;
    private final RecordingMode mode;
    private final Supplier<? extends Transport> opener;
    private final AtomicInteger recorded = new AtomicInteger();
    private final AtomicInteger replayed = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private Transport inner; // guarded by this; opened on first use

    private CassetteTransport(Cassette cassette, RecordingMode mode, Supplier<? extends Transport> opener) {
        this.cassette = cassette;
        this.mode = mode;
        this.opener = opener;
    }

    /**
     * Opens a recording transport on {@code file} in {@code mode}.
     *
     * @throws IllegalArgumentException if {@code mode} is REPLAY and the file is missing, or the
     *     file is not a cassette
     */
    public static CassetteTransport open(Supplier<? extends Transport> opener, Path file, RecordingMode mode) {
        Objects.requireNonNull(opener, "inner");
        Objects.requireNonNull(file, "cassette");
        Objects.requireNonNull(mode, "mode");
        Cassette cassette;
        switch (mode) {
            case RECORD:
                cassette = Cassette.empty(file);
                break;
            case REPLAY:
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("cassette " + file.toAbsolutePath() + " does not exist, so"
                            + " there is nothing to replay; record it first (mode RECORD or RECORD_IF_MISSING)");
                }
                cassette = Cassette.read(file);
                break;
            default:
                cassette = Cassette.read(file);
                break;
        }
        return new CassetteTransport(cassette, mode, opener);
    }

    @Override
    public CompletableFuture<ApiResponse> send(ApiRequest request) {
        Objects.requireNonNull(request, "request");
        if (closed.get()) {
            return CompletableFuture.failedFuture(new TransportException(TransportException.Kind.CLOSED, request.uri(),
                    "the recording transport for cassette " + cassette.file() + " is closed", null));
        }
        if (mode != RecordingMode.RECORD) {
            Optional<ApiResponse> answer = cassette.take(request);
            if (answer.isPresent()) {
                replayed.incrementAndGet();
                return CompletableFuture.completedFuture(answer.get());
            }
            if (mode == RecordingMode.REPLAY) {
                return CompletableFuture.failedFuture(new CassetteMismatchException(cassette.mismatch(request)));
            }
        }
        Transport transport;
        try {
            transport = inner();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return transport.send(request).thenApply(response -> {
            cassette.record(request, response);
            recorded.incrementAndGet();
            return response;
        });
    }

    private synchronized Transport inner() {
        if (inner == null) {
            inner = Objects.requireNonNull(opener.get(), "the wrapped transport");
        }
        return inner;
    }

    @Override
    public Path cassette() {
        return cassette.file();
    }

    @Override
    public RecordingMode mode() {
        return mode;
    }

    @Override
    public int recordedCount() {
        return recorded.get();
    }

    @Override
    public int replayedCount() {
        return replayed.get();
    }

    /** Closes the wrapped transport; in RECORD mode writes the cassette even if nothing was recorded. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (mode == RecordingMode.RECORD && recorded.get() == 0) {
                cassette.write();
            }
        } finally {
            Transport opened;
            synchronized (this) {
                opened = inner;
            }
            if (opened != null) {
                opened.close();
            }
        }
    }

    @Override
    public String toString() {
        return "RecordingTransport[" + mode + ", " + cassette.file() + ", recorded " + recorded.get()
                + ", replayed " + replayed.get() + "]";
    }
}
