/**
 * JMH benchmarks of jprefect. Classes and methods are named after Prefect's {@code benches/} so the
 * figures read side by side: {@code benches/bench_flows.py::bench_flow_call} is
 * {@code BenchFlows.bench_flow_call}, {@code bench_tasks.py::bench_task_submit} is
 * {@code BenchTasks.bench_task_submit}. {@link dev.jprefect.benchmarks.BenchTransports} has no
 * Prefect counterpart: it measures what every API call pays underneath.
 *
 * <p>Run: {@code mvn -B -q -pl benchmarks -am package -DskipTests}, then
 * {@code java -jar benchmarks/target/benchmarks.jar [regex] [JMH options]}.
 */
package dev.jprefect.benchmarks;
