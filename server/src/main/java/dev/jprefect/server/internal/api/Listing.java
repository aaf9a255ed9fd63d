package dev.jprefect.server.internal.api;

import dev.jprefect.server.internal.http.Call;
import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.storage.Row;
import dev.jprefect.server.internal.storage.Table;
import dev.jprefect.server.internal.storage.Tables;
import dev.jprefect.transport.ApiResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The count, filter and paginate routes of one resource, which Prefect shapes alike: a body of
 * filters, a {@code sort}, {@code limit} and {@code offset} (or {@code page}); the answer an
 * integer, a list, or a page object.
 *
 * @param <R> the row type
 */
final class Listing<R extends Row<R>> {
    private final Backend backend;
    private final Function<Tables, Table<R>> table;
    private final BiFunction<Filters, Obj, Predicate<R>> query;
    private final Function<String, Comparator<R>> sorts;

    /**
     * @param table the resource's table
     * @param query the predicate of a body's filters
     * @param sorts the order of a body's {@code sort} value
     */
    Listing(Backend backend, Function<Tables, Table<R>> table, BiFunction<Filters, Obj, Predicate<R>> query,
            Function<String, Comparator<R>> sorts) {
        this.backend = backend;
        this.table = table;
        this.query = query;
        this.sorts = sorts;
    }

    /** Answers how many rows match the body's filters. */
    ApiResponse count(Call call, Schema body) {
        Obj filters = call.bodyObj(body, false);
        return backend.storage.read(tx -> Responses.ok(matching(tx, filters).size()));
    }

    /** Answers the rows that match, sorted, from {@code offset}, at most {@code limit}, each as {@code view}. */
    ApiResponse filter(Call call, Schema body, BiFunction<R, Instant, Object> view) {
        Obj b = call.bodyObj(body, false);
        int limit = backend.limit(b);
        Instant now = backend.now();
        Object views = backend.storage.read(tx -> Views.list(
                Sorts.page(matching(tx, b), sorts.apply(b.string("sort")), b.integer("offset"), limit),
                r -> view.apply(r, now)));
        return Responses.ok(views); // written after the lock: the views are snapshots
    }

    /** Answers one page of the rows that match: results, count, limit, pages and page. */
    ApiResponse paginate(Call call, Schema body, BiFunction<R, Instant, Object> view) {
        Obj b = call.bodyObj(body, false);
        int limit = backend.limit(b);
        long page = b.integer("page");
        Instant now = backend.now();
        Object views = backend.storage.read(tx -> {
            List<R> all = matching(tx, b);
            List<R> results = Sorts.page(all, sorts.apply(b.string("sort")), (page - 1) * limit, limit);
            return Views.page(results, r -> view.apply(r, now), all.size(), limit, page);
        });
        return Responses.ok(views); // written after the lock: the views are snapshots
    }

    /**
     * Deletes up to the body's {@code limit} of the rows that match, oldest first, each with
     * {@code delete}; answers {@code {"deleted": [ids]}}.
     */
    ApiResponse bulkDelete(Call call, Schema body, BiConsumer<Tables, UUID> delete) {
        Obj b = call.bodyObj(body, false);
        return backend.storage.write(tx -> {
            List<UUID> deleted = new ArrayList<>();
            for (R row : matching(tx, b).stream().limit(b.integer("limit")).toList()) {
                delete.accept(tx, row.id);
                deleted.add(row.id);
            }
            return Responses.ok(Map.of("deleted", deleted));
        });
    }

    /** Returns the rows that match the body's filters, oldest first. */
    List<R> matching(Tables tx, Obj body) {
        return table.apply(tx).all().stream().filter(query.apply(new Filters(tx), body)).toList();
    }
}
