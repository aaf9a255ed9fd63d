package dev.jprefect.client.schemas;

/** The orders in which the API can return deployments, Prefect's {@code DeploymentSort}; the wire value is the constant's name. */
public enum DeploymentSort {
    CREATED_DESC, UPDATED_DESC, NAME_ASC, NAME_DESC
}
