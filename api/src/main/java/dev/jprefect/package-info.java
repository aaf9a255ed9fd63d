/**
 * Flows and tasks: {@link dev.jprefect.Flow} and {@link dev.jprefect.Task} define orchestrated
 * functions with lambdas; calling them creates flow runs and task runs on a Prefect server (or the
 * embedded one) and drives their states. {@link dev.jprefect.TaskFuture} is a submitted task run,
 * {@link dev.jprefect.RunState} a run's final state, {@link dev.jprefect.RunContext} and
 * {@link dev.jprefect.RunLogger} the active run and its logger, and {@link dev.jprefect.Flows}
 * chooses the client runs report to.
 */
package dev.jprefect;
