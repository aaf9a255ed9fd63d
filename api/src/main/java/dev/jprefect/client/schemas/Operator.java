package dev.jprefect.client.schemas;

import com.squareup.moshi.Json;

/** How the criteria of a filter combine, as Prefect's {@code Operator}: wire values {@code and_}, {@code or_}. */
public enum Operator {
    /** Every criterion must hold (the default). */
    @Json(name = "and_") AND,
    /** At least one criterion must hold. */
    @Json(name = "or_") OR
}
