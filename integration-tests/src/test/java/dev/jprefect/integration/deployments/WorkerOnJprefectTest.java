package dev.jprefect.integration.deployments;

import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.junit.PrefectTest;

/**
 * Prefect's process worker runs a Java deployment's run, on jprefect's server over HTTP (the
 * harness's SERVER mode: Netty on a loopback port).
 */
@PrefectTest(mode = PrefectTestHarness.Mode.SERVER)
class WorkerOnJprefectTest extends WorkerContract {
}
