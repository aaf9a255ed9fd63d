package dev.jprefect.server.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.server.internal.storage.Condition;
import dev.jprefect.server.internal.storage.ConflictException;
import dev.jprefect.server.internal.storage.DeploymentRow;
import dev.jprefect.server.internal.storage.Query;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.WorkPoolRow;
import dev.jprefect.server.internal.storage.WorkQueueRow;
import dev.jprefect.server.internal.storage.WorkerRow;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rows of work pools, their queues and workers in a SQLite file: a store opened again on the
 * file reads every field back, finds them through their indexes (a queue by pool and name, a
 * pool's workers, a queue's deployments) and still refuses a second holder of a unique name.
 */
class WorkPoolRowsInDatabaseTest {
    @TempDir
    Path dir;

    private Storage open() {
        return new JdbcStorageProvider().open("sqlite:///" + dir.resolve("prefect.db"), Limits.DEFAULTS);
    }

    @Test
    void poolsQueuesWorkersAndTheirDeploymentsOutliveTheStore() {
        Instant now = Instant.parse("2025-03-01T12:00:00.123456Z");
        WorkPoolRow pool = new WorkPoolRow();
        pool.id = UUID.randomUUID();
        pool.created = now;
        pool.updated = now;
        pool.name = "java";
        pool.type = "process";
        pool.baseJobTemplate = Map.of("job_configuration", Map.of("command", "{{ command }}"));
        pool.concurrencyLimit = 3L;
        pool.status = "READY";
        WorkQueueRow queue = new WorkQueueRow();
        queue.id = UUID.randomUUID();
        queue.created = now;
        queue.updated = now;
        queue.name = "urgent";
        queue.workPoolId = pool.id;
        queue.priority = 2;
        queue.lastPolled = now;
        pool.defaultQueueId = queue.id;
        WorkerRow worker = new WorkerRow();
        worker.id = UUID.randomUUID();
        worker.created = now;
        worker.updated = now;
        worker.name = "w1";
        worker.workPoolId = pool.id;
        worker.lastHeartbeatTime = now;
        worker.heartbeatIntervalSeconds = 30L;
        worker.status = "ONLINE";
        DeploymentRow deployment = new DeploymentRow();
        deployment.id = UUID.randomUUID();
        deployment.created = now;
        deployment.updated = now;
        deployment.name = "nightly";
        deployment.flowId = UUID.randomUUID();
        deployment.workQueueId = queue.id;
        try (Storage first = open()) {
            first.write(tx -> {
                tx.table(WorkPoolRow.TABLE).put(pool);
                tx.table(WorkQueueRow.TABLE).put(queue);
                tx.table(WorkerRow.TABLE).put(worker);
                tx.table(DeploymentRow.TABLE).put(deployment);
                return null;
            });
        }
        try (Storage again = open()) {
            again.read(tx -> {
                WorkPoolRow p = tx.table(WorkPoolRow.TABLE).findUnique(WorkPoolRow.BY_NAME, "java").orElseThrow();
                assertThat(p).usingRecursiveComparison().isEqualTo(pool);
                WorkQueueRow q = tx.table(WorkQueueRow.TABLE).findUnique(WorkQueueRow.BY_POOL_AND_NAME,
                        List.of(pool.id, "urgent")).orElseThrow();
                assertThat(q).usingRecursiveComparison().isEqualTo(queue);
                assertThat(tx.table(WorkerRow.TABLE).findAll(WorkerRow.BY_POOL, pool.id)).singleElement()
                        .usingRecursiveComparison().isEqualTo(worker);
                assertThat(tx.table(DeploymentRow.TABLE).find(Query.of(Condition.in(DeploymentRow.WORK_QUEUE_ID,
                        List.of(queue.id))))).extracting(d -> d.name).containsExactly("nightly");
                return null;
            });
            WorkQueueRow twin = queue.copy();
            twin.id = UUID.randomUUID();
            assertThatThrownBy(() -> again.write(tx -> {
                tx.table(WorkQueueRow.TABLE).put(twin);
                return null;
            })).isInstanceOf(ConflictException.class);
        }
    }
}
