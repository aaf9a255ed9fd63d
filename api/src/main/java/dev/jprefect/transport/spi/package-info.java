/**
 * The service provider interfaces the api module finds with {@link java.util.ServiceLoader}:
 * {@link dev.jprefect.transport.spi.TransportProvider}, which transport modules implement, and
 * {@link dev.jprefect.transport.spi.EmbeddedServerProvider}, which the embedded server module
 * implements.
 */
package dev.jprefect.transport.spi;
