package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.storage.Condition;
import dev.jprefect.server.internal.storage.Order;
import dev.jprefect.server.internal.storage.Query;
import dev.jprefect.server.internal.storage.Row;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.TableSpec;
import dev.jprefect.server.internal.storage.Transaction;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The count, filter, paginate and bulk delete operations of one resource, which Prefect shapes
 * alike: a body of filters, a {@code sort}, {@code offset} (or {@code page}) and a limit the route
 * has checked; the answer a number, a list of views, or a page object.
 *
 * @param <R> the row type
 */
final class Listing<R extends Row<R>> {
    private final Storage storage;
    private final InstantSource clock;
    private final TableSpec<R> table;
    private final Function<Obj, Condition<R>> query;
    private final Function<String, List<Order<R>>> sorts;

    /**
     * @param table the resource's table
     * @param query the condition of a body's filters
     * @param sorts the order of a body's {@code sort} value
     */
    Listing(Storage storage, InstantSource clock, TableSpec<R> table, Function<Obj, Condition<R>> query,
            Function<String, List<Order<R>>> sorts) {
        this.storage = storage;
        this.clock = clock;
        this.table = table;
        this.query = query;
        this.sorts = sorts;
    }

    /** Returns how many rows match the body's filters. */
    long count(Obj body) {
        Condition<R> where = query.apply(body);
        return storage.read(tx -> tx.table(table).count(where));
    }

    /** Returns the rows that match, sorted, from the body's {@code offset}, at most {@code limit}, each as {@code view}. */
    List<Object> filter(Obj body, int limit, BiFunction<R, Instant, Object> view) {
        Instant now = clock.instant();
        return storage.read(tx -> Views.list(page(tx, body, limit), r -> view.apply(r, now)));
    }

    /**
     * Returns the rows that match, sorted, from the body's {@code offset}, at most {@code limit}, read
     * in {@code tx} (for views that read other rows in the same transaction).
     */
    List<R> page(Transaction tx, Obj body, int limit) {
        return tx.table(table).find(Query.of(query.apply(body)).orderBy(sorts.apply(body.string("sort")))
                .page(body.integer("offset"), limit));
    }

    /** Returns one page of the rows that match: results, count, limit, pages and page. */
    Map<String, Object> paginate(Obj body, int limit, BiFunction<R, Instant, Object> view) {
        long page = body.integer("page");
        Condition<R> where = query.apply(body);
        Query<R> q = Query.of(where).orderBy(sorts.apply(body.string("sort"))).page(pageStart(page, limit), limit);
        Instant now = clock.instant();
        return storage.read(tx -> Views.page(tx.table(table).find(q), r -> view.apply(r, now),
                Math.toIntExact(tx.table(table).count(where)), limit, page));
    }

    /** Returns how many rows come before page {@code page} (from 1) of {@code limit}; past every row if that overflows. */
    private static long pageStart(long page, int limit) {
        try {
            return Math.multiplyExact(page - 1, (long) limit);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Deletes up to the body's {@code limit} of the rows that match, oldest first, each with
     * {@code delete}; returns their ids.
     */
    List<UUID> bulkDelete(Obj body, BiConsumer<Transaction, UUID> delete) {
        Query<R> q = Query.of(query.apply(body)).page(0, body.integer("limit"));
        return storage.write(tx -> {
            List<UUID> deleted = new ArrayList<>();
            for (R row : tx.table(table).find(q)) {
                delete.accept(tx, row.id);
                deleted.add(row.id);
            }
            return deleted;
        });
    }

    /** Returns the rows that match the body's filters, oldest first. */
    List<R> matching(Transaction tx, Obj body) {
        return tx.table(table).find(Query.of(query.apply(body)));
    }
}
