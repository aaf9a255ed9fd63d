package dev.jprefect.client.schemas;

/** The orders in which the API can return flow runs, Prefect's {@code FlowRunSort}; the wire value is the constant's name. */
public enum FlowRunSort {
    ID_DESC, START_TIME_ASC, START_TIME_DESC, EXPECTED_START_TIME_ASC, EXPECTED_START_TIME_DESC, NAME_ASC, NAME_DESC, NEXT_SCHEDULED_START_TIME_ASC, END_TIME_DESC
}
