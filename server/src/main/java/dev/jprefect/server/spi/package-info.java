/**
 * Service provider interfaces of the embedded server: {@link dev.jprefect.server.spi.UiBundleProvider},
 * how the server finds Prefect's built UI.
 */
package dev.jprefect.server.spi;
