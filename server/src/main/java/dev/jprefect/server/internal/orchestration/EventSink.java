package dev.jprefect.server.internal.orchestration;

import dev.jprefect.server.internal.storage.EventRow;
import dev.jprefect.server.internal.storage.Transaction;

/**
 * Where orchestration's events go: the server's events, which store them in the transition's
 * transaction and hand them to live subscribers once it has ended.
 */
@FunctionalInterface
public interface EventSink {
    /** Records {@code event}, made in {@code tx}. */
    void emit(Transaction tx, EventRow event);
}
