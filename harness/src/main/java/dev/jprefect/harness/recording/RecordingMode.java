package dev.jprefect.harness.recording;

/**
 * What a recording transport does with a request: send it and record the exchange, answer it
 * from the cassette, or a mix of the two.
 *
 * <p>Chosen when the transport is made ({@link RecordingTransport#wrap}) or with the setting
 * {@value RecordingTransport#MODE_SETTING} ({@code record}, {@code replay} or
 * {@code record_if_missing}, any case).
 */
public enum RecordingMode {

    /** Sends every request and records every exchange, replacing whatever the cassette held. */
    RECORD,

    /**
     * Answers every request from the cassette and sends nothing; a request the cassette does not
     * hold fails with a {@link CassetteMismatchException}. The cassette file must exist.
     */
    REPLAY,

    /**
     * Answers from the cassette what it holds and sends (and records) what it lacks; a missing
     * cassette file counts as an empty one. The first run records, later runs replay.
     */
    RECORD_IF_MISSING
}
