package dev.jprefect.integration.deployments;

import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.junit.PrefectTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * An automation acts on jprefect's own server over HTTP (the harness's SERVER mode, whose triggers
 * service runs in the background), with the same assertions as on the real Prefect server.
 */
@PrefectTest(mode = PrefectTestHarness.Mode.SERVER)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AutomationsOnJprefectTest extends AutomationsContract {
}
