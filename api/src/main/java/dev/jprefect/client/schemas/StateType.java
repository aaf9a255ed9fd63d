package dev.jprefect.client.schemas;

import java.util.Locale;

/** The type of a {@link State}, as Prefect's {@code StateType}; the wire value is the constant's name. */
public enum StateType {
    SCHEDULED, PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, CRASHED, PAUSED, CANCELLING;

    /** Returns Prefect's default state name for this type, e.g. {@code "Running"} for {@link #RUNNING}. */
    public String defaultName() {
        String lower = name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }

    /** Returns true for the types a run cannot leave on its own: completed, failed, cancelled, crashed. */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED || this == CRASHED;
    }
}
