"""A flow with submitted tasks, a retried task, a subflow and logs, run by Prefect's own Python SDK
against the server PREFECT_API_URL names (jprefect's, in PythonSdkOnJprefectTest)."""

from prefect import flow, get_run_logger, task

attempts = {"flaky": 0}


@task
def add(x: int, y: int) -> int:
    return x + y


@task(retries=2, retry_delay_seconds=0)
def flaky() -> str:
    attempts["flaky"] += 1
    if attempts["flaky"] < 2:
        raise ValueError("the first try fails")
    return "recovered"


@flow(name="interop-child")
def child(n: int) -> int:
    get_run_logger().info("child got %s", n)
    return n * 2


@flow(name="interop-parent")
def parent() -> dict:
    get_run_logger().info("hello from Prefect's Python SDK")
    futures = [add.submit(i, 1) for i in range(3)]
    total = sum(f.result() for f in futures)
    return {"total": total, "flaky": flaky(), "child": child(total)}


if __name__ == "__main__":
    state = parent(return_state=True)
    print("FLOW_RUN_ID", state.state_details.flow_run_id, flush=True)
    print("STATE", state.type.value, flush=True)
    print("RESULT", state.result(), flush=True)
