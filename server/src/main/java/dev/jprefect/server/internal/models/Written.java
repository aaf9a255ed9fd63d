package dev.jprefect.server.internal.models;

import java.util.Map;

/**
 * The answer of an idempotent create: the object's view, and whether this call made it (Prefect
 * answers 201) or found it already there (200).
 *
 * @param view the object as its response schema
 * @param created whether it was created now
 */
public record Written(Map<String, Object> view, boolean created) {
}
