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
    private final MemoryTables tables = new MemoryTables();

    @Override
    public <T> T read(Function<Tables, T> work) {
        Lock read = lock.readLock();
        acquire(read);
        try {
            return work.apply(tables);
        } finally {
            read.unlock();
        }
    }

    @Override
    public <T> T write(Function<Tables, T> work) {
        if (lock.isWriteLockedByCurrentThread()) {
            return work.apply(tables); // nested: the outermost transaction owns the journal
        }
        Lock write = lock.writeLock();
        acquire(write);
        try {
            journal.clear();
            try {
                T result = work.apply(tables);
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

    private final class MemoryTables implements Tables {
        private final MemoryTable<FlowRow> flows = new MemoryTable<>("flow", List.of(FlowRow.BY_NAME));
        private final MemoryTable<FlowRunRow> flowRuns = new MemoryTable<>("flow run",
                List.of(FlowRunRow.BY_FLOW, FlowRunRow.BY_IDEMPOTENCY_KEY, FlowRunRow.BY_PARENT_TASK_RUN));
        private final MemoryTable<TaskRunRow> taskRuns = new MemoryTable<>("task run",
                List.of(TaskRunRow.BY_FLOW_RUN, TaskRunRow.BY_TASK_KEY));
        private final MemoryTable<StateRow> flowRunStates = new MemoryTable<>("flow run state", List.of(StateRow.BY_RUN));
        private final MemoryTable<StateRow> taskRunStates = new MemoryTable<>("task run state", List.of(StateRow.BY_RUN));
        private final MemoryTable<LogRow> logs = new MemoryTable<>("log", List.of(LogRow.BY_FLOW_RUN, LogRow.BY_TASK_RUN));
        private final MemoryTable<VariableRow> variables = new MemoryTable<>("variable", List.of(VariableRow.BY_NAME));
        private final MemoryTable<CsrfTokenRow> csrfTokens = new MemoryTable<>("csrf token", List.of(CsrfTokenRow.BY_CLIENT));
        private final MemoryTable<CacheEntryRow> cache = new MemoryTable<>("cache entry", List.of(CacheEntryRow.BY_KEY));

        @Override
        public Table<FlowRow> flows() {
            return flows;
        }

        @Override
        public Table<FlowRunRow> flowRuns() {
            return flowRuns;
        }

        @Override
        public Table<TaskRunRow> taskRuns() {
            return taskRuns;
        }

        @Override
        public Table<StateRow> flowRunStates() {
            return flowRunStates;
        }

        @Override
        public Table<StateRow> taskRunStates() {
            return taskRunStates;
        }

        @Override
        public Table<LogRow> logs() {
            return logs;
        }

        @Override
        public Table<VariableRow> variables() {
            return variables;
        }

        @Override
        public Table<CsrfTokenRow> csrfTokens() {
            return csrfTokens;
        }

        @Override
        public Table<CacheEntryRow> taskRunStateCache() {
            return cache;
        }
    }

    /** One table: rows by id in insertion order, plus a map per index from key to row ids. */
    private final class MemoryTable<R extends Row<R>> implements Table<R> {
        private final String kind;
        private final List<Index<R>> indexes;
        private final LinkedHashMap<UUID, R> rows = new LinkedHashMap<>();
        private final Map<Index<R>, Map<Object, Set<UUID>>> keys = new HashMap<>();

        MemoryTable(String kind, List<Index<R>> indexes) {
            this.kind = kind;
            this.indexes = indexes;
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
        public List<R> all() {
            List<R> out = new ArrayList<>(rows.size());
            for (R row : rows.values()) {
                out.add(row.copy());
            }
            return out;
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

        @Override
        public int size() {
            return rows.size();
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
