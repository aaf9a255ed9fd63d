/**
 * The Prefect REST API client: {@link dev.jprefect.client.PrefectClient} (blocking) and
 * {@link dev.jprefect.client.PrefectAsyncClient} (futures), made from the settings with their
 * {@code create()} methods or configured with {@link dev.jprefect.client.PrefectClientBuilder};
 * {@link dev.jprefect.client.Interceptor}s that see every request attempt; the
 * {@link dev.jprefect.client.Sleeper} the client waits by; and the exceptions its calls throw
 * ({@link dev.jprefect.client.PrefectClientException} and its subclasses for error statuses).
 */
package dev.jprefect.client;
