package dev.jprefect.harness.junit;

import dev.jprefect.harness.PrefectTestHarness;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a JUnit 5 test class or method against a {@link PrefectTestHarness}: the embedded server
 * with empty storage, and the code under test (flows, tasks, clients built from the settings)
 * pointed at it while each test runs.
 *
 * <p>Test methods, constructors and lifecycle methods may declare parameters of type
 * {@link PrefectTestHarness}, {@link dev.jprefect.harness.HarnessSession},
 * {@link dev.jprefect.client.PrefectClient}, {@link dev.jprefect.client.PrefectAsyncClient},
 * {@link dev.jprefect.harness.TestRuns} (the runs this test made) and, with time skipping,
 * {@link dev.jprefect.harness.VirtualClock}. Each test gets a session of its own, so tests that
 * share a harness, even running in parallel, see only their own runs. When a test fails, the runs
 * it made, with their state histories and last log lines, are printed to {@code System.err} and
 * published as the report entry {@value PrefectTestExtension#REPORT_KEY}.
 *
 * <pre>{@code
 * @PrefectTest
 * class EtlTest {
 *     @Test
 *     void loads_three_rows(TestRuns runs) {
 *         etl.call();
 *         PrefectAssertions.assertThat(runs.flowRun("etl")).isCompleted().hasTaskRuns(3);
 *     }
 * }
 * }</pre>
 *
 * <p>On a method it overrides the class's annotation for that test.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PrefectTestExtension.class)
public @interface PrefectTest {

    /** Where the harness's server runs; default in-process. */
    PrefectTestHarness.Mode mode() default PrefectTestHarness.Mode.IN_PROCESS;

    /** How long one harness lives and how many tests share it; default one per test. */
    Scope scope() default Scope.PER_TEST;

    /** Whether retry delays, {@code Retry-After} waits and scheduled start times pass at once; default off. */
    boolean timeSkipping() default false;

    /** How many tests share one harness. Each test still sees only its own runs. */
    enum Scope {
        /** A new harness for every test: the most isolated. */
        PER_TEST,
        /** One harness for the tests of a class, started before the first and stopped after the last. */
        PER_CLASS,
        /** One harness for the whole test run, shared by every class that asks for the same mode and time skipping. */
        PER_RUN
    }
}
