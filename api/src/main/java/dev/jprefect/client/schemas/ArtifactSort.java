package dev.jprefect.client.schemas;

/** The orders of artifacts and of latest artifacts, as Prefect's {@code ArtifactSort} and {@code ArtifactCollectionSort}. */
public enum ArtifactSort {
    /** Newest first. */
    CREATED_DESC,
    /** Last changed first. */
    UPDATED_DESC,
    /** By id, descending. */
    ID_DESC,
    /** By key, descending. */
    KEY_DESC,
    /** By key, ascending. */
    KEY_ASC
}
