/**
 * The Prefect REST API's schema objects as Java records: what the client sends and receives.
 *
 * <p>Each record mirrors one schema of Prefect's OpenAPI document ({@code components.schemas}) with
 * Java-style component names; the JSON uses the schema's snake_case names, UUIDs as strings and
 * date-times as ISO-8601 with zone offset. Fields a newer server adds are ignored when reading.
 * Create and update bodies leave null components out of the JSON, so the server applies its
 * defaults. {@link dev.jprefect.client.schemas.JsonCodec} converts records to and from JSON.
 */
package dev.jprefect.client.schemas;
