/**
 * The parts of a stream that jprefect's own transports share: the receiving queue and the count of
 * waiting sends. Exported only to those transport modules; not an API.
 */
package dev.jprefect.transport.internal;
