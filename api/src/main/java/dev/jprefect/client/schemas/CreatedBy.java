package dev.jprefect.client.schemas;

import java.util.UUID;

/**
 * Who created a flow run, Prefect's {@code CreatedBy}.
 *
 * @param id the creator's id, or null
 * @param type the creator's type, e.g. {@code "DEPLOYMENT"}, or null
 * @param displayValue a display name, or null
 */
public record CreatedBy(UUID id, String type, String displayValue) {
}
