package dev.jprefect.server.internal.storage;

import java.util.Locale;

/** The type of a run's state, as Prefect's {@code StateType}. */
public enum StateType {
    SCHEDULED, PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, CRASHED, PAUSED, CANCELLING;

    /** Returns true for the types a run ends in: completed, failed, cancelled, crashed. */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED || this == CRASHED;
    }

    /** Returns the name a state of this type has when none is given, e.g. {@code "Running"}. */
    public String defaultName() {
        String lower = name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
}
