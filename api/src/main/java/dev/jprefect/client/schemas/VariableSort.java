package dev.jprefect.client.schemas;

/** The orders in which the API can return variables, Prefect's {@code VariableSort}; the wire value is the constant's name. */
public enum VariableSort {
    CREATED_DESC, UPDATED_DESC, NAME_DESC, NAME_ASC
}
