package dev.jprefect.client.schemas;

/** How the criteria of a filter combine, as Prefect's {@code Operator}: wire values {@code and_}, {@code or_}. */
public enum Operator {
    /** Every criterion must hold (the default). */
    AND,
    /** At least one criterion must hold. */
    OR
}
