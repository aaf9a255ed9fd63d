package dev.jprefect.client.schemas;

/** The orders in which the API can return flows, Prefect's {@code FlowSort}; the wire value is the constant's name. */
public enum FlowSort {
    CREATED_DESC, UPDATED_DESC, NAME_ASC, NAME_DESC
}
