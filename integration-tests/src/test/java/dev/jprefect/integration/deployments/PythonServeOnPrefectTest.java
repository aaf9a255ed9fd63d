package dev.jprefect.integration.deployments;

import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.junit.PrefectTest;
import dev.jprefect.integration.prefect.RealPrefect;
import org.junit.jupiter.api.extension.ExtendWith;

/** Prefect's Python runner ({@code flow.serve}) runs a triggered run, on the real Prefect server (one for the whole test run). */
@ExtendWith(RealPrefect.class)
@PrefectTest(mode = PrefectTestHarness.Mode.PREFECT_SERVER, scope = PrefectTest.Scope.PER_RUN)
class PythonServeOnPrefectTest extends PythonServeContract {
}
