/**
 * The service provider interfaces the api module finds with {@link java.util.ServiceLoader}:
 * {@link dev.jprefect.transport.spi.TransportProvider}, which transport modules implement, and
 * {@link dev.jprefect.transport.spi.EmbeddedServerProvider}, which the embedded server module
 * implements; and what a transport implementing streams builds them from:
 * {@link dev.jprefect.transport.spi.StreamInbox} (the receiving queue of a
 * {@link dev.jprefect.transport.MessageChannel} end) and {@link dev.jprefect.transport.spi.SendWindow}
 * (the count of its waiting sends).
 */
package dev.jprefect.transport.spi;
