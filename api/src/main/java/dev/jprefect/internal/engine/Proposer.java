package dev.jprefect.internal.engine;

import dev.jprefect.client.ObjectNotFoundException;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientException;
import dev.jprefect.client.schemas.OrchestrationResult;
import dev.jprefect.client.schemas.SetStateStatus;
import dev.jprefect.client.schemas.State;
import dev.jprefect.client.schemas.StateCreate;
import dev.jprefect.client.schemas.StateWaitDetails;
import java.time.Duration;
import java.util.UUID;

/**
 * Proposes states for one flow run or task run, after Prefect's {@code propose_state_sync}: a WAIT
 * answer is waited out (by the client's clock) and the state proposed again; ACCEPT, REJECT and
 * ABORT are returned to the caller as a {@link Verdict} with the state the run is now in.
 */
final class Proposer {

    /** Waited between proposals when the server answers WAIT with no delay, so that the loop cannot spin. */
    static final Duration MIN_WAIT = Duration.ofMillis(100);

    private final Environment environment;
    private final UUID runId;
    private final boolean taskRun;

    /** The server's verdict: its status, the run's state after it (never null), and its reason. */
    record Verdict(SetStateStatus status, State state, String reason) {
    }

    Proposer(Environment environment, UUID runId, boolean taskRun) {
        this.environment = environment;
        this.runId = runId;
        this.taskRun = taskRun;
    }

    UUID runId() {
        return runId;
    }

    /** Proposes {@code proposal}, waiting out WAIT answers; {@code force} skips the server's rules. */
    Verdict propose(StateCreate proposal, boolean force) {
        PrefectClient client = environment.client();
        while (true) {
            OrchestrationResult result;
            try {
                result = taskRun
                        ? client.setTaskRunState(runId, proposal, force)
                        : client.setFlowRunState(runId, proposal, force);
            } catch (ObjectNotFoundException e) {
                throw lost(proposal, e);
            }
            if (result.status() == SetStateStatus.WAIT) {
                long seconds = result.details() instanceof StateWaitDetails
                        ? ((StateWaitDetails) result.details()).delaySeconds() : 0;
                Duration delay = Duration.ofSeconds(Math.max(0, seconds));
                Waits.sleep(environment.sleeper(), delay.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : delay);
                continue;
            }
            State state = result.state() != null ? result.state() : currentState();
            return new Verdict(result.status(), state, result.details() == null ? null : result.details().reason());
        }
    }

    /**
     * The error for a run the server answers 404 for: it had the run (it created it) and has lost
     * it, because it restarted without keeping its data (jprefect's own server keeps runs in
     * memory) or someone deleted the run. Nothing the engine does can report this run any more.
     */
    private PrefectClientException lost(StateCreate proposal, ObjectNotFoundException e) {
        String kind = taskRun ? "task run" : "flow run";
        return new PrefectClientException("The " + kind + " " + runId + " is gone from the Prefect API at "
                + e.request().uri().resolve("/") + ": proposing its " + proposal.name() + " state was answered 404"
                + " (" + e.getMessage() + "). The server no longer has this run: it was deleted, or the server"
                + " restarted without keeping its data. The run cannot report its state; run it again.", e);
    }

    /** Reads the run's state from the server. */
    State currentState() {
        PrefectClient client = environment.client();
        return taskRun ? client.readTaskRun(runId).state() : client.readFlowRun(runId).state();
    }
}
