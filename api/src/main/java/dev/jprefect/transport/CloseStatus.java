package dev.jprefect.transport;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Why a {@link MessageChannel} ended: a WebSocket close code (RFC 6455, section 7.4) and a reason.
 *
 * <p>Codes 1000 to 4999 may be sent with {@link MessageChannel#close(int, String)}, except the
 * three that only describe what happened and never travel: {@link #NO_STATUS} (1005),
 * {@link #ABNORMAL} (1006, the connection dropped without a close) and 1015 (TLS failure).
 *
 * @param code the close code
 * @param reason the reason, possibly empty, at most {@link #MAX_REASON_BYTES} bytes of UTF-8
 */
public record CloseStatus(int code, String reason) {

    /** 1000: the channel did what it was for. */
    public static final int NORMAL = 1000;
    /** 1001: the endpoint goes away, e.g. the server stops. */
    public static final int GOING_AWAY = 1001;
    /** 1002: the peer broke the protocol; Prefect's {@code /events/out} answers a bad filter with it. */
    public static final int PROTOCOL_ERROR = 1002;
    /** 1005: the peer closed without giving a code. Never sent. */
    public static final int NO_STATUS = 1005;
    /** 1006: the connection dropped without a close. Never sent. */
    public static final int ABNORMAL = 1006;
    /** 1008: the peer violated a policy; Prefect answers a failed {@code auth} with it. */
    public static final int POLICY_VIOLATION = 1008;
    /** 1011: the endpoint failed unexpectedly. */
    public static final int INTERNAL_ERROR = 1011;

    /** A close frame's payload is at most 125 bytes, two of them the code: the reason gets 123. */
    public static final int MAX_REASON_BYTES = 123;

    /** Checks the code's range and the reason's length. */
    public CloseStatus {
        Objects.requireNonNull(reason, "reason");
        if (code < 1000 || code > 4999) {
            throw new IllegalArgumentException("close code " + code + " is outside 1000..4999");
        }
        if (reason.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("close reason is longer than " + MAX_REASON_BYTES
                    + " bytes of UTF-8: '" + reason + "'");
        }
    }

    /**
     * Returns the status to send for {@code code} and {@code reason}.
     *
     * @throws IllegalArgumentException if the code may not be sent or the reason is too long
     */
    public static CloseStatus toSend(int code, String reason) {
        if (code == NO_STATUS || code == ABNORMAL || code == 1015 || code == 1004) {
            throw new IllegalArgumentException("close code " + code + " is reserved and may not be sent");
        }
        return new CloseStatus(code, reason);
    }

    /** Returns true for a {@link #NORMAL} close. */
    public boolean isNormal() {
        return code == NORMAL;
    }
}
