package dev.jprefect.integration.deployments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.client.ObjectNotFoundException;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.schemas.WorkPool;
import dev.jprefect.client.schemas.WorkPoolCreate;
import dev.jprefect.client.schemas.WorkPoolFilter;
import dev.jprefect.client.schemas.WorkQueue;
import dev.jprefect.client.schemas.WorkQueueCreate;
import dev.jprefect.client.schemas.WorkQueueFilter;
import org.junit.jupiter.api.Test;

/**
 * The client's work-pool and work-queue calls against a server, each change read back. Subclasses
 * say which server; {@code WorkPoolsOnPrefectTest} runs it on the real Prefect server.
 */
abstract class WorkPoolsContract {

    @Test
    void work_pools_and_their_queues_are_created_read_and_filtered(PrefectClient client) {
        String name = DeploymentsContract.unique("pool");
        WorkPool pool = client.createWorkPool(WorkPoolCreate.of(name, "process").withDescription("java flows"));
        try {
            assertThat(pool.name()).isEqualTo(name);
            assertThat(pool.type()).isEqualTo("process");
            assertThat(pool.defaultQueueId()).isNotNull();
            assertThat(client.readWorkPool(name).id()).isEqualTo(pool.id());
            assertThat(client.readWorkPools(WorkPoolFilter.named(name))).extracting(WorkPool::id)
                    .containsExactly(pool.id());

            WorkQueue queue = client.createWorkQueue(name, WorkQueueCreate.of("fast").withPriority(1));
            assertThat(queue.workPoolId()).isEqualTo(pool.id());
            assertThat(client.readWorkQueue(name, "fast").id()).isEqualTo(queue.id());
            assertThat(client.readWorkQueues(name, null)).extracting(WorkQueue::name)
                    .containsExactlyInAnyOrder("default", "fast");
            assertThat(client.readWorkQueues(name, WorkQueueFilter.named("fast"))).extracting(WorkQueue::id)
                    .containsExactly(queue.id());
        } finally {
            client.deleteWorkPool(name);
        }
        assertThatThrownBy(() -> client.readWorkPool(name)).isInstanceOf(ObjectNotFoundException.class);
    }
}
