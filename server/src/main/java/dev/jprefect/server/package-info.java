/**
 * The embedded Prefect-compatible server: {@link dev.jprefect.server.PrefectServer}, a
 * {@code RequestHandler} serving the Prefect 3 REST API from in-memory storage.
 */
package dev.jprefect.server;
