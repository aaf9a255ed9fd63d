package dev.jprefect.server.internal.storage;

import dev.jprefect.server.internal.storage.MemoryIndex.Slot;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Thread-safe {@link Storage} in memory: one read-write lock over all tables, an undo journal that
 * rolls a failed write transaction back, the indexes of each {@link TableSpec} used to answer
 * queries ({@link MemoryTable}), and nothing shared between instances.
 */
public final class InMemoryStorage implements Storage {
    private static final System.Logger LOG = System.getLogger(InMemoryStorage.class.getName());

    /**
     * How long a transaction waits for the lock. Transactions are short in-memory work, so a wait
     * this long means something is stuck; the caller gets {@link StorageBusyException} (a 503)
     * instead of hanging.
     */
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(30);

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Undo actions of the write transaction in progress, newest first; touched only under the write lock. */
    private final Deque<Runnable> journal = new ArrayDeque<>();
    /** What the write transaction in progress runs once it has committed; touched only under the write lock. */
    private final List<Runnable> afterCommit = new ArrayList<>();
    /** The tables by name, made when first asked for. */
    private final Map<String, MemoryTable<?>> tables = new ConcurrentHashMap<>();
    private final Transaction transaction = new MemoryTransaction();
    /** The rows the write transaction in progress changed, when its caller collects them; else null. */
    private Map<ChangeKey, Change> changes;
    /** True for the reference store that answers every query by reading every row (no index used). */
    final boolean scanning;
    /** Gives a table its rows when first asked for; null: tables begin empty. */
    private final Loader loader;

    /**
     * Gives a table its rows, already committed elsewhere, the first time a transaction asks for
     * the table: a durable store's mirror loads each table when it is first used, not every row
     * when it opens.
     */
    public interface Loader {
        /**
         * Returns the rows of {@code table} in insertion order, or null if they are not at hand:
         * the transaction that asked then fails with {@link TableLoadingException}, and the loader
         * hands the rows over later with {@link #install}. Called inside the transaction that asked
         * (holding this store's lock), so it must neither use this store nor wait long; a failure
         * leaves the table unloaded, to be asked for again.
         */
        List<? extends Row<?>> load(TableSpec<?> table);
    }

    /** Returns an empty store that answers queries from its indexes where it can. */
    public InMemoryStorage() {
        this(false, null);
    }

    /** Returns a store whose tables {@code loader} fills when a transaction first asks for each. */
    public InMemoryStorage(Loader loader) {
        this(false, loader);
    }

    private InMemoryStorage(boolean scanning, Loader loader) {
        this.scanning = scanning;
        this.loader = loader;
    }

    /**
     * Returns an empty store that reads every row for every query and uses indexes only for
     * constraints and {@link Table#findAll}: the plain reading of a query, which the indexed
     * answers are tested against.
     */
    public static InMemoryStorage scanning() {
        return new InMemoryStorage(true, null);
    }

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
        return write(work, null);
    }

    /** One row a write transaction changed: its table, its id, and the row as it now is (null: removed). */
    public record Change(TableSpec<?> table, UUID id, Row<?> row) {
    }

    /**
     * Runs {@code work} in a write transaction, as {@link #write(Function)}, and before the
     * transaction ends hands the rows it changed (each once, as it ends up) to {@code commit}: a
     * durable store writes them there. If {@code commit} throws, the work's changes are rolled back
     * as if {@code work} had thrown. Null {@code commit}: nothing is collected.
     */
    public <T> T write(Function<Transaction, T> work, Consumer<List<Change>> commit) {
        if (lock.isWriteLockedByCurrentThread()) {
            return work.apply(transaction); // nested: the outermost transaction owns the journal
        }
        Lock write = lock.writeLock();
        acquire(write);
        T result;
        List<Runnable> committed;
        try {
            journal.clear();
            afterCommit.clear();
            changes = commit == null ? null : new LinkedHashMap<>();
            try {
                result = work.apply(transaction);
                if (commit != null) {
                    commit.accept(List.copyOf(changes.values()));
                }
                journal.clear();
                committed = List.copyOf(afterCommit);
            } catch (RuntimeException | Error e) {
                while (!journal.isEmpty()) {
                    journal.pop().run();
                }
                tables.values().forEach(MemoryTable::settle);
                throw e;
            }
        } finally {
            changes = null;
            afterCommit.clear();
            write.unlock();
        }
        for (Runnable action : committed) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "an action after a committed write transaction failed", e);
            }
        }
        return result;
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

        @Override
        public void afterCommit(Runnable action) {
            if (!lock.isWriteLockedByCurrentThread()) {
                throw new IllegalStateException("an action after commit was added outside a write transaction");
            }
            afterCommit.add(action);
        }
    }

    @SuppressWarnings("unchecked")
    <R extends Row<R>> MemoryTable<R> tableOf(TableSpec<R> spec) {
        MemoryTable<?> table = tables.computeIfAbsent(spec.name(), n -> {
            MemoryTable<R> made = new MemoryTable<>(this, spec);
            if (loader != null) {
                List<R> rows = (List<R>) loader.load(spec);
                if (rows == null) {
                    throw new TableLoadingException(spec.name());
                }
                made.load(rows);
            }
            return made;
        });
        if (!table.spec.equals(spec)) {
            throw new IllegalArgumentException("two different tables are named " + spec.name());
        }
        return (MemoryTable<R>) table;
    }

    /**
     * Indexes a table whose rows the {@link Loader} did not have at hand when asked (committed
     * elsewhere, in insertion order), outside the lock and any transaction, for {@link #install}.
     */
    public <R extends Row<R>> Indexed<R> index(TableSpec<R> spec, List<R> rows) {
        MemoryTable<R> made = new MemoryTable<>(this, spec);
        made.load(rows);
        return new Indexed<>(made);
    }

    /** A table's rows, indexed by {@link #index} and not in the store yet. */
    public static final class Indexed<R extends Row<R>> {
        private final MemoryTable<R> table;

        private Indexed(MemoryTable<R> table) {
            this.table = table;
        }
    }

    /**
     * Puts in memory a table {@link #index} made and, in the same write transaction, runs
     * {@code then} (to apply changes made since its rows were read). Does nothing and returns false
     * if the table is in memory already.
     */
    public boolean install(Indexed<?> indexed, Consumer<Transaction> then) {
        MemoryTable<?> made = indexed.table;
        String name = made.spec.name();
        return write(tx -> {
            if (tables.putIfAbsent(name, made) != null) {
                return false;
            }
            journal(() -> tables.remove(name, made));
            then.accept(tx);
            return true;
        });
    }

    /**
     * Forgets every table, in a write transaction of its own: with a {@link Loader}, each loads
     * again when next asked for; without, each begins empty.
     */
    public void forgetAll() {
        write(tx -> {
            tables.clear();
            return null;
        });
    }

    /** Returns true if the table named {@code name} is in memory (made, or loaded by the loader). */
    public boolean holds(String name) {
        return tables.containsKey(name);
    }

    /** Notes that the write transaction in progress left {@code row} (null: removed) under {@code id}. */
    void changed(TableSpec<?> table, UUID id, Row<?> row) {
        if (changes != null) {
            changes.put(new ChangeKey(table.name(), id), new Change(table, id, row));
        }
    }

    private record ChangeKey(String table, UUID id) {
    }

    /** Records how to undo a change of the write transaction in progress. */
    void journal(Runnable undo) {
        journal.push(undo);
    }

    void requireWriteLock(String kind) {
        if (!lock.isWriteLockedByCurrentThread()) {
            throw new IllegalStateException("a " + kind + " was changed outside a write transaction");
        }
    }

    /** Returns true if {@code row} meets {@code condition} (the in-memory reading of a WHERE). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    <R extends Row<R>> boolean matches(Condition<R> condition, R row) {
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
        if (condition instanceof Condition.Like<R> like) {
            String v = like.column().valueIn(row);
            return v != null && likeRegex(like.pattern()).matcher(v).matches();
        }
        if (condition instanceof Condition.StartsWithIgnoringCase<R> startsWith) {
            String v = startsWith.column().valueIn(row);
            return v != null && v.toLowerCase(Locale.ROOT).startsWith(startsWith.text().toLowerCase(Locale.ROOT));
        }
        if (condition instanceof Condition.Between between) {
            Object v = between.column().valueIn(row);
            return v != null && (between.lower() == null || Values.compare(v, between.lower()) >= 0)
                    && (between.upper() == null || Values.compare(v, between.upper()) <= 0);
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

    /** Returns the regular expression of a {@link Condition.Like} pattern. */
    private static java.util.regex.Pattern likeRegex(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return java.util.regex.Pattern.compile(regex.toString(), java.util.regex.Pattern.DOTALL);
    }

    /** The join: the other table's rows holding this row's value, by index or id where there is one. */
    private <R extends Row<R>, S extends Row<S>> boolean existsFor(Condition.Exists<R, S> exists, R row) {
        Object key = exists.column().valueIn(row);
        if (key == null) {
            return false;
        }
        MemoryTable<S> other = tableOf(exists.other());
        Collection<Slot<S>> holders = other.lookup(exists.otherColumn(), key);
        if (holders == null) {
            holders = other.slots();
        }
        for (Slot<S> candidate : holders) {
            if (key.equals(exists.otherColumn().valueIn(candidate.row)) && matches(exists.where(), candidate.row)) {
                return true;
            }
        }
        return false;
    }
}
