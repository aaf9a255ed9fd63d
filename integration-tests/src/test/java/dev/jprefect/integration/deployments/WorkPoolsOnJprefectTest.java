package dev.jprefect.integration.deployments;

import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.junit.PrefectTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * The work-pool and work-queue calls against jprefect's own server over HTTP (the harness's SERVER
 * mode), with the same assertions as against the real Prefect server.
 */
@PrefectTest(mode = PrefectTestHarness.Mode.SERVER)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WorkPoolsOnJprefectTest extends WorkPoolsContract {
}
