package dev.jprefect.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.client.schemas.CronSchedule;
import dev.jprefect.client.schemas.DeploymentScheduleCreate;
import org.junit.jupiter.api.Test;

/** The served example deployment finds its flow by its entrypoint, with its parameter type and schedule. */
class ServeExampleTest {

    @Test
    void the_nightly_deployment_is_the_etl_at_two_in_paris() {
        assertThat(ServeExample.NIGHTLY.flow()).isSameAs(SalesEtl.ETL);
        assertThat(ServeExample.NIGHTLY.parameterType()).isEqualTo(SalesEtl.Params.class);
        assertThat(ServeExample.NIGHTLY.schedules())
                .containsExactly(DeploymentScheduleCreate.of(CronSchedule.of("0 2 * * *", "Europe/Paris")));
        assertThat(ServeExample.NIGHTLY.parameters()).containsEntry("source", "orders.csv");
    }
}
