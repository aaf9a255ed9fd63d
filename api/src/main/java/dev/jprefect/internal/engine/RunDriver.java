package dev.jprefect.internal.engine;

import dev.jprefect.RunException;
import dev.jprefect.client.PrefectClientException;
import dev.jprefect.client.schemas.SetStateStatus;
import dev.jprefect.client.schemas.State;
import dev.jprefect.client.schemas.StateCreate;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.transport.TransportException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Drives one flow run or task run from Pending to a final state, as Prefect's engines do: propose
 * Running and do what the server answers (run the function; wait for a scheduled time; poll while
 * pending or paused; take a final state it answers instead, such as a cached result); then propose
 * Completed, Failed (message: the exception), Failed named "TimedOut", or Crashed (forced). A Failed
 * proposal the server turns into AwaitingRetry is a retry: wait until its scheduled time and
 * propose Running named "Retrying". An ABORT ends the run where the server has it.
 */
final class RunDriver {

    /** First and longest pause between Running proposals while the server keeps the run pending or paused. */
    static final Duration FIRST_POLL = Duration.ofMillis(200);
    static final Duration MAX_POLL = Duration.ofSeconds(10);

    /** What differs between flow runs and task runs. */
    interface Hooks {
        /** Returns "Flow run" or "Task run", for messages. */
        String kind();

        /** Returns the Running proposal. */
        StateCreate running();

        /**
         * Returns how the run ends when the server answers a Running proposal with the final
         * {@code state} (e.g. a cached Completed), or null to propose {@link #running()} again.
         */
        Finish finalInsteadOfRunning(State state);

        /** Runs the function once. */
        Invoker.Outcome invoke();

        /** Returns the Completed proposal for the function's {@code value}. */
        StateCreate completed(Object value);

        /** Returns the number of retries the run was created with, for messages. */
        int retries();
    }

    /**
     * How a run ended.
     *
     * @param state its final state (or the state the server left it in)
     * @param value its result, if completed
     * @param cause what made it not complete: the function's exception, a TimeoutException, the
     *     crash; null if it completed or the server ended it
     * @param problem a description if it did not complete, else null
     */
    record Finish(State state, Object value, Throwable cause, String problem) {
        static Finish completed(State state, Object value) {
            return new Finish(state, value, null, null);
        }
    }

    /** The name of the Scheduled state the server puts a failed run in when it will be retried. */
    static final String AWAITING_RETRY = "AwaitingRetry";

    /** The name of a Running state that retries a run (Prefect's {@code Retrying()}). */
    static final String RETRYING = "Retrying";

    private RunDriver() {
    }

    private static StateCreate retrying(StateCreate running) {
        return running.withName(RETRYING);
    }

    static Finish drive(Proposer proposer, Hooks hooks, RealRunLogger logger, Environment environment) {
        StateCreate proposal = hooks.running();
        Duration poll = FIRST_POLL;
        int attempt = 0;
        while (true) {
            Proposer.Verdict verdict = proposer.propose(proposal, false);
            if (verdict.status() == SetStateStatus.ABORT) {
                return aborted(verdict, hooks);
            }
            State state = verdict.state();
            if (state.type() == StateType.RUNNING) {
                attempt++;
                Finish finish = runOnce(proposer, hooks, logger, environment, attempt);
                if (finish != null) {
                    return finish;
                }
                proposal = retrying(hooks.running()); // the server scheduled a retry, and its time has come
                poll = FIRST_POLL;
            } else if (state.type().isFinal()) {
                Finish finish = hooks.finalInsteadOfRunning(state);
                if (finish != null) {
                    return finish;
                }
                proposal = hooks.running();
            } else if (state.type() == StateType.SCHEDULED) {
                Waits.sleepUntil(environment.sleeper(), state.stateDetails().scheduledTime());
                proposal = AWAITING_RETRY.equals(state.name()) ? retrying(hooks.running()) : hooks.running();
            } else if (state.type() == StateType.CANCELLING) {
                return new Finish(state, null, null, "the run is being cancelled");
            } else {
                // pending (e.g. NotReady) or paused: ask again, backing off
                Waits.sleep(environment.sleeper(), poll);
                poll = poll.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : poll.multipliedBy(2);
                proposal = hooks.running();
            }
        }
    }

    /** Runs the function once and proposes how it ended; returns null if the server scheduled a retry. */
    private static Finish runOnce(Proposer proposer, Hooks hooks, RealRunLogger logger, Environment environment,
            int attempt) {
        Invoker.Outcome outcome = hooks.invoke();
        if (outcome instanceof Invoker.Returned) {
            Object value = ((Invoker.Returned) outcome).value();
            Proposer.Verdict verdict = proposer.propose(hooks.completed(value), false);
            if (verdict.status() == SetStateStatus.ABORT) {
                return aborted(verdict, hooks);
            }
            State state = verdict.state();
            return state.type() == StateType.COMPLETED
                    ? Finish.completed(state, value)
                    : new Finish(state, null, null, "the server did not accept its completion: "
                            + (verdict.reason() == null ? state.name() : verdict.reason()));
        }
        if (outcome instanceof Invoker.Crashed) {
            Throwable error = ((Invoker.Crashed) outcome).error();
            boolean interrupted = Thread.interrupted(); // cleared so the client can still talk to the API
            try {
                String message = "Execution was interrupted by an unexpected error: " + describe(error);
                logger.error("Crash detected! " + message, new Object[0]);
                StateCreate crashed = StateCreate.of(StateType.CRASHED).withMessage(message);
                State state = proposer.propose(crashed, true).state();
                return new Finish(state, null, error, message);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        Throwable cause;
        StateCreate failed;
        if (outcome instanceof Invoker.TimedOut) {
            Duration timeout = ((Invoker.TimedOut) outcome).timeout();
            String message = hooks.kind() + " exceeded timeout of " + seconds(timeout) + " second(s)";
            cause = new TimeoutException(message);
            failed = StateCreate.of(StateType.FAILED, "TimedOut").withMessage(message);
            logger.error(message, new Object[0]);
        } else {
            cause = ((Invoker.Threw) outcome).error();
            PrefectClientException unreachable = unreachable(cause);
            if (unreachable != null) {
                // the API did not answer a request of this run's function (a task run's proposal)
                // after all its retries: proposing Failed would wait out another full cycle of them
                throw unreachable;
            }
            failed = StateCreate.of(StateType.FAILED)
                    .withMessage(hooks.kind() + " encountered an exception: " + describe(cause));
        }
        Proposer.Verdict verdict = proposer.propose(failed, false);
        if (verdict.status() == SetStateStatus.ABORT) {
            return aborted(verdict, hooks);
        }
        State state = verdict.state();
        if (state.type() == StateType.SCHEDULED) {
            Duration delay = state.stateDetails().scheduledTime() == null ? Duration.ZERO
                    : Duration.between(environment.sleeper().now(), state.stateDetails().scheduledTime().toInstant());
            logger.info("%s failed with exception: %s - Retry %d/%d will start %s", hooks.kind(), describe(cause),
                    attempt, hooks.retries(), delay.isNegative() || delay.isZero()
                            ? "immediately" : seconds(delay) + " second(s) from now");
            Waits.sleepUntil(environment.sleeper(), state.stateDetails().scheduledTime());
            return null;
        }
        if (outcome instanceof Invoker.Threw) {
            String message = hooks.kind() + " failed with exception: " + describe(cause)
                    + (hooks.retries() > 0 ? " - Retries are exhausted" : "");
            if (cause instanceof RunException) {
                // a task run or subflow run that failed: its own log has the stack trace already
                logger.error(message, new Object[0]);
            } else {
                logger.error(message, cause);
            }
        }
        return new Finish(state, null, cause, state.message() != null ? state.message() : failed.message());
    }

    /**
     * Returns the client's failure to reach the API that {@code error} carries (in its causes), or
     * null: a {@link PrefectClientException} caused by a {@link TransportException}, which the client
     * throws only once its retries are spent.
     */
    static PrefectClientException unreachable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PrefectClientException && t.getCause() instanceof TransportException) {
                return (PrefectClientException) t;
            }
        }
        return null;
    }

    private static Finish aborted(Proposer.Verdict verdict, Hooks hooks) {
        String reason = verdict.reason() == null ? "no reason given" : verdict.reason();
        return new Finish(verdict.state(), null, null, "the server aborted the " + hooks.kind().toLowerCase(java.util.Locale.ROOT)
                + ": " + reason);
    }

    /** Returns {@code SimpleName: message}, as Prefect describes an exception in a state message. */
    static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Returns {@code d} in seconds to the millisecond, e.g. "0.1" or "2". */
    static String seconds(Duration d) {
        return java.math.BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
    }
}
