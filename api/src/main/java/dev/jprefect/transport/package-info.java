/**
 * The transport-neutral request and response model, what a server is ({@link
 * dev.jprefect.transport.RequestHandler}), how a client reaches one ({@link
 * dev.jprefect.transport.Transport}, chosen by {@link dev.jprefect.transport.Transports}), the
 * registry of in-process apps and their reference-counted lifespans, and streams: bidirectional
 * message channels ({@link dev.jprefect.transport.MessageChannel}) that a server serves with a
 * {@link dev.jprefect.transport.StreamHandler}.
 */
package dev.jprefect.transport;
