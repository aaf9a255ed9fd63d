package dev.jprefect.integration.deployments;

import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.junit.PrefectTest;
import dev.jprefect.integration.prefect.RealPrefect;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The work-pool and work-queue calls against the real Prefect server (one for the whole test run). */
@ExtendWith(RealPrefect.class)
@PrefectTest(mode = PrefectTestHarness.Mode.PREFECT_SERVER, scope = PrefectTest.Scope.PER_RUN)
@Timeout(value = RealPrefect.TEST_TIMEOUT_MINUTES, unit = TimeUnit.MINUTES)
class WorkPoolsOnPrefectTest extends WorkPoolsContract {
}
