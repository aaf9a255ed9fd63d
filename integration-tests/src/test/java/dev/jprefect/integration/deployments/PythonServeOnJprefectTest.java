package dev.jprefect.integration.deployments;

import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.junit.PrefectTest;

/** Prefect's Python runner ({@code flow.serve}) runs a triggered run, on jprefect's server over HTTP (the harness's SERVER mode). */
@PrefectTest(mode = PrefectTestHarness.Mode.SERVER)
class PythonServeOnJprefectTest extends PythonServeContract {
}
