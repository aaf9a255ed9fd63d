/**
 * The service provider interfaces the api module finds with {@link java.util.ServiceLoader}:
 * {@link dev.jprefect.transport.spi.TransportProvider}, which transport modules implement, and
 * {@link dev.jprefect.transport.spi.EmbeddedServerProvider}, which the embedded server module
 * implements; and {@link dev.jprefect.transport.spi.AbstractMessageChannel}, what the stream ends
 * of a transport that implements streams have in common.
 */
package dev.jprefect.transport.spi;
