"""Prefect's own Python SDK using concurrency limits on the server PREFECT_API_URL names (jprefect's,
in PythonSdkOnJprefectTest): a global limit through `prefect.concurrency.sync.concurrency`, and a
tag's limit, which Prefect's task engine takes for each tagged task run (a `tag:<tag>` global limit,
leased by the task run)."""

import sys
import threading
import uuid

from prefect import flow, task
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
from prefect.concurrency.sync import concurrency
from prefect.runtime import task_run

SUFFIX = uuid.uuid4().hex[:8]
GLOBAL = f"py-global-{SUFFIX}"
TAG = f"py-tag-{SUFFIX}"

lock = threading.Lock()
inside = {"now": 0, "most": 0}
seen = {"slots": [], "holders": []}


def enter():
    with lock:
        inside["now"] += 1
        inside["most"] = max(inside["most"], inside["now"])


def leave():
    with lock:
        inside["now"] -= 1


def use_global_limit():
    with concurrency(GLOBAL, occupy=1, strict=True):
        enter()
        try:
            with get_client(sync_client=True) as client:
                seen["slots"].append(client.read_global_concurrency_limit_by_name(GLOBAL).active_slots)
        finally:
            leave()


@task(tags=[TAG])
def tagged(n: int) -> int:
    with get_client(sync_client=True) as client:
        limit = client.read_concurrency_limit_by_tag(TAG)
    seen["holders"].append(str(task_run.id) in [str(h) for h in limit.active_slots])
    return n


@flow(name="interop-concurrency")
def limited() -> dict:
    threads = [threading.Thread(target=use_global_limit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    results = [tagged.submit(i) for i in range(2)]
    return {"sum": sum(f.result() for f in results)}


if __name__ == "__main__":
    with get_client(sync_client=True) as client:
        client.create_global_concurrency_limit(GlobalConcurrencyLimitCreate(name=GLOBAL, limit=1))
        client.create_concurrency_limit(tag=TAG, concurrency_limit=1)
    state = limited(return_state=True)
    with get_client(sync_client=True) as client:
        after = client.read_global_concurrency_limit_by_name(GLOBAL).active_slots
        tag_after = client.read_concurrency_limit_by_tag(TAG).active_slots
    print("STATE", state.type.value, flush=True)
    print("GLOBAL_SLOTS_SEEN", seen["slots"], flush=True)
    print("MOST_INSIDE", inside["most"], flush=True)
    print("GLOBAL_SLOTS_AFTER", after, flush=True)
    print("TASKS_HELD_THEIR_TAG", seen["holders"], flush=True)
    print("TAG_HOLDERS_AFTER", len(tag_after), flush=True)
    sys.exit(0 if state.is_completed() else 1)
