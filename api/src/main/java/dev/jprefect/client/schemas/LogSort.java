package dev.jprefect.client.schemas;

/** The orders in which the API can return logs, Prefect's {@code LogSort}; the wire value is the constant's name. */
public enum LogSort {
    TIMESTAMP_ASC, TIMESTAMP_DESC
}
