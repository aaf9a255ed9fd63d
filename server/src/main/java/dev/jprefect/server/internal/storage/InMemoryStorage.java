package dev.jprefect.server.internal.storage;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * Thread-safe {@link Storage} in memory: one read-write lock over all tables, an undo journal that
 * rolls a failed write transaction back, and nothing shared between instances.
 */
public final class InMemoryStorage implements Storage {

    /**
     * How long a transaction waits for the lock. Transactions are short in-memory work, so a wait
     * this long means something is stuck; the caller gets {@link StorageBusyException} (a 503)
     * instead of hanging.
     */
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(30);

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Undo actions of the write transaction in progress, newest first; touched only under the write lock. */
    private final Deque<Runnable> journal = new ArrayDeque<>();
    /** The tables by name, made when first asked for. */
    private final Map<String, MemoryTable<?>> tables = new ConcurrentHashMap<>();
    private final Transaction transaction = new MemoryTransaction();

    @Override
    public <T> T read(Function<Transaction, T> work) {
        Lock read = lock.readLock();
        acquire(read);
        try {
            return work.apply(transaction);
        } finally {
            read.unlock();
        }
    }

    @Override
    public <T> T write(Function<Transaction, T> work) {
        if (lock.isWriteLockedByCurrentThread()) {
            return work.apply(transaction); // nested: the outermost transaction owns the journal
        }
        Lock write = lock.writeLock();
        acquire(write);
        try {
            journal.clear();
            try {
                T result = work.apply(transaction);
                journal.clear();
                return result;
            } catch (RuntimeException | Error e) {
                while (!journal.isEmpty()) {
                    journal.pop().run();
                }
                throw e;
            }
        } finally {
            write.unlock();
        }
    }

    private static void acquire(Lock l) {
        try {
            if (!l.tryLock(LOCK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StorageBusyException("storage lock not acquired within " + LOCK_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageBusyException("interrupted while waiting for the storage lock");
        }
    }

    private final class MemoryTransaction implements Transaction {
        @Override
        public <R extends Row<R>> Table<R> table(TableSpec<R> spec) {
            return tableOf(spec);
        }
    }

    @SuppressWarnings("unchecked")
    private <R extends Row<R>> MemoryTable<R> tableOf(TableSpec<R> spec) {
        MemoryTable<?> table = tables.computeIfAbsent(spec.name(), n -> new MemoryTable<>(spec));
        if (!table.spec.equals(spec)) {
            throw new IllegalArgumentException("two different tables are named " + spec.name());
        }
        return (MemoryTable<R>) table;
    }

    /** Returns true if {@code row} meets {@code condition} (the in-memory reading of a WHERE). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private <R extends Row<R>> boolean matches(Condition<R> condition, R row) {
        if (condition instanceof Condition.Always) {
            return true;
        }
        if (condition instanceof Condition.Never) {
            return false;
        }
        if (condition instanceof Condition.And<R> and) {
            for (Condition<R> c : and.all()) {
                if (!matches(c, row)) {
                    return false;
                }
            }
            return true;
        }
        if (condition instanceof Condition.Or<R> or) {
            for (Condition<R> c : or.any()) {
                if (matches(c, row)) {
                    return true;
                }
            }
            return false;
        }
        if (condition instanceof Condition.Not<R> not) {
            return !matches(not.condition(), row);
        }
        if (condition instanceof Condition.In<R> in) {
            Object v = in.column().valueIn(row);
            return v != null && in.values().contains(v);
        }
        if (condition instanceof Condition.NotIn<R> notIn) {
            Object v = notIn.column().valueIn(row);
            return v != null && !notIn.values().contains(v);
        }
        if (condition instanceof Condition.IsNull<R> isNull) {
            return (isNull.column().valueIn(row) == null) == isNull.isNull();
        }
        if (condition instanceof Condition.Contains<R> contains) {
            String v = contains.column().valueIn(row);
            return v != null && v.toLowerCase(Locale.ROOT).contains(contains.text().toLowerCase(Locale.ROOT));
        }
        if (condition instanceof Condition.Between between) {
            Comparable v = (Comparable) between.column().valueIn(row);
            return v != null && (between.lower() == null || v.compareTo(between.lower()) >= 0)
                    && (between.upper() == null || v.compareTo(between.upper()) <= 0);
        }
        if (condition instanceof Condition.HasAll<R> hasAll) {
            List<?> v = hasAll.column().valueIn(row);
            return v != null && v.containsAll(hasAll.values());
        }
        if (condition instanceof Condition.HasAny<R> hasAny) {
            List<?> v = hasAny.column().valueIn(row);
            return v != null && v.stream().anyMatch(hasAny.values()::contains);
        }
        if (condition instanceof Condition.IsEmpty<R> isEmpty) {
            List<?> v = isEmpty.column().valueIn(row);
            return (v == null || v.isEmpty()) == isEmpty.empty();
        }
        if (condition instanceof Condition.Exists exists) {
            return existsFor(exists, row);
        }
        throw new IllegalArgumentException("unknown condition " + condition);
    }

    private <R extends Row<R>, S extends Row<S>> boolean existsFor(Condition.Exists<R, S> exists, R row) {
        Object key = exists.column().valueIn(row);
        if (key == null) {
            return false;
        }
        MemoryTable<S> other = tableOf(exists.other());
        for (S candidate : other.rows.values()) {
            if (key.equals(exists.otherColumn().valueIn(candidate)) && matches(exists.where(), candidate)) {
                return true;
            }
        }
        return false;
    }

    /** One table: rows by id in insertion order, plus a map per index from key to row ids. */
    private final class MemoryTable<R extends Row<R>> implements Table<R> {
        private final TableSpec<R> spec;
        private final String kind;
        private final List<Index<R>> indexes;
        private final LinkedHashMap<UUID, R> rows = new LinkedHashMap<>();
        private final Map<Index<R>, Map<Object, Set<UUID>>> keys = new HashMap<>();

        MemoryTable(TableSpec<R> spec) {
            this.spec = spec;
            this.kind = spec.name().replace('_', ' ');
            this.indexes = spec.indexes();
            for (Index<R> index : indexes) {
                keys.put(index, new HashMap<>());
            }
        }

        @Override
        public Optional<R> get(UUID id) {
            R row = rows.get(id);
            return row == null ? Optional.empty() : Optional.of(row.copy());
        }

        @Override
        public Optional<R> findUnique(Index<R> index, Object key) {
            List<R> found = findAll(index, key);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }

        @Override
        public List<R> findAll(Index<R> index, Object key) {
            Map<Object, Set<UUID>> byKey = keys.get(index);
            if (byKey == null) {
                throw new IllegalArgumentException("the " + kind + " table has no index " + index);
            }
            Set<UUID> ids = byKey.get(key);
            if (ids == null) {
                return List.of();
            }
            List<R> out = new ArrayList<>(ids.size());
            for (UUID id : ids) {
                out.add(rows.get(id).copy());
            }
            return out;
        }

        @Override
        public Optional<R> getForUpdate(UUID id) {
            requireWriteLock(); // the write lock is exclusive: every row is locked already
            return get(id);
        }

        @Override
        public List<R> find(Query<R> query) {
            List<R> matching = new ArrayList<>();
            for (R row : rows.values()) {
                if (matches(query.where(), row)) {
                    matching.add(row);
                }
            }
            if (!query.order().isEmpty()) {
                matching.sort(Order.comparator(query.order()));
            }
            List<R> out = new ArrayList<>();
            long skip = query.offset();
            for (R row : matching) {
                if (out.size() >= query.limit()) {
                    break;
                }
                if (skip > 0) {
                    skip--;
                    continue;
                }
                out.add(row.copy());
            }
            return out;
        }

        @Override
        public long count(Condition<R> where) {
            long n = 0;
            for (R row : rows.values()) {
                if (matches(where, row)) {
                    n++;
                }
            }
            return n;
        }

        @Override
        public void put(R row) {
            requireWriteLock();
            R stored = row.copy();
            for (Index<R> index : indexes) {
                Object key = index.keyOf(stored);
                if (index.isUnique() && key != null) {
                    Set<UUID> holders = keys.get(index).get(key);
                    if (holders != null && !holders.isEmpty() && !holders.contains(stored.id)) {
                        throw new ConflictException("a " + kind + " with this " + index + " already exists");
                    }
                }
            }
            R previous = rows.get(stored.id);
            if (previous != null) {
                unindex(previous);
            }
            rows.put(stored.id, stored);
            index(stored);
            journal.push(() -> {
                unindex(rows.remove(stored.id));
                if (previous != null) {
                    rows.put(previous.id, previous);
                    index(previous);
                }
            });
        }

        @Override
        public boolean remove(UUID id) {
            requireWriteLock();
            R previous = rows.remove(id);
            if (previous == null) {
                return false;
            }
            unindex(previous);
            journal.push(() -> {
                rows.put(previous.id, previous);
                index(previous);
            });
            return true;
        }

        private void index(R row) {
            for (Index<R> index : indexes) {
                Object key = index.keyOf(row);
                if (key != null) {
                    keys.get(index).computeIfAbsent(key, k -> new LinkedHashSet<>()).add(row.id);
                }
            }
        }

        private void unindex(R row) {
            if (row == null) {
                return;
            }
            for (Index<R> index : indexes) {
                Object key = index.keyOf(row);
                if (key != null) {
                    Set<UUID> ids = keys.get(index).get(key);
                    if (ids != null) {
                        ids.remove(row.id);
                        if (ids.isEmpty()) {
                            keys.get(index).remove(key);
                        }
                    }
                }
            }
        }

        private void requireWriteLock() {
            if (!lock.isWriteLockedByCurrentThread()) {
                throw new IllegalStateException("a " + kind + " was changed outside a write transaction");
            }
        }
    }
}
