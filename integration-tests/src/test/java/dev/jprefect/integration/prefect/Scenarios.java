package dev.jprefect.integration.prefect;

import dev.jprefect.integration.prefect.Differential.Scenario;
import java.util.List;

/**
 * The scenarios of the differential suite: every route jprefect's server serves, with valid and
 * invalid input, and the orchestration sequences (retries, cache hits, terminal-state transitions,
 * concurrent proposals). Names and keys carry {@code ${u}}, unique per run, since the real server
 * is shared by the test run; every list and count is filtered to the scenario's own objects.
 */
final class Scenarios {

    /** An id no server has. */
    private static final String MISSING = "00000000-0000-4000-8000-000000000000";

    private Scenarios() {
    }

    static List<Scenario> all() {
        return List.of(service(), flows(), invalidFlows(), flowRuns(), invalidFlowRuns(), flowRunTransitions(),
                flowRunRetries(), taskRuns(), invalidTaskRuns(), taskRunRetries(), taskRunCache(),
                taskRunTransitions(), races(), logs(), variables(), invalidVariables(), artifacts(), uiRoutes(),
                uiFlows(), deployments(), invalidDeployments(), events(), eventCounts(), workPools(), invalidWorkPools(),
                savedSearches(), runsByPoolQueueAndDeployment(), blocks(), invalidBlocks(), automations(),
                invalidAutomations(), globalConcurrencyLimits(), invalidGlobalConcurrencyLimits(), tagConcurrencyLimits());
    }

    private static String setState(String type) {
        return "{\"state\":{\"type\":\"" + type + "\"}}";
    }

    /** A flow, and a flow run of it in Pending, saved as {@code flow} and {@code run}. */
    private static Scenario withPendingFlowRun(String name, String runBody) {
        return new Scenario(name)
                .post("/flows/", "{\"name\":\"${u}-flow\"}").save("flow", "id")
                .post("/flow_runs/", "{\"flow_id\":\"${flow}\",\"state\":{\"type\":\"PENDING\"}" + runBody + "}").save("run", "id");
    }

    /** {@link #withPendingFlowRun} with the flow run Running and a Pending task run of it saved as {@code task}. */
    private static Scenario withRunningFlowAndPendingTask(String name, String taskBody) {
        return withPendingFlowRun(name, "")
                .post("/flow_runs/${run}/set_state", setState("RUNNING"))
                .post("/task_runs/", "{\"flow_run_id\":\"${run}\",\"task_key\":\"${u}.work\",\"dynamic_key\":\"0\","
                        + "\"state\":{\"type\":\"PENDING\"}" + taskBody + "}").save("task", "id");
    }

    static Scenario service() {
        return new Scenario("service routes")
                .get("/health")
                .get("/hello")
                .get("/ready")
                .get("/version")
                .get("/admin/version")
                .get("/admin/settings").statusOnly()
                .get("/csrf-token?client=differential");
    }

    static Scenario flows() {
        String byName = "{\"flows\":{\"name\":{\"any_\":[\"${u}-etl\"]}}}";
        return new Scenario("flows: create, read, update, delete")
                .post("/flows/", "{\"name\":\"${u}-etl\",\"tags\":[\"a\"],\"labels\":{\"team\":\"data\"}}").save("flow", "id")
                .post("/flows/", "{\"name\":\"${u}-etl\"}").values("tags")
                .get("/flows/${flow}").values("tags", "labels")
                .get("/flows/name/${u}-etl")
                .patch("/flows/${flow}", "{\"tags\":[\"b\"]}")
                .get("/flows/${flow}").values("tags")
                .post("/flows/filter", byName)
                .post("/flows/filter", "{\"flows\":{\"tags\":{\"all_\":[\"b\"]},\"name\":{\"like_\":\"${u}\"}},\"sort\":\"NAME_DESC\",\"limit\":5}")
                .post("/flows/count", byName).values("")
                .post("/flows/paginate", "{\"flows\":{\"name\":{\"any_\":[\"${u}-etl\"]}},\"page\":1,\"limit\":10}")
                .values("count", "pages", "page", "limit")
                .delete("/flows/${flow}")
                .get("/flows/${flow}")
                .delete("/flows/${flow}")
                .get("/flows/name/${u}-etl")
                .post("/flows/", "{\"name\":\"${u}-b\"}").save("b", "id")
                .post("/flows/bulk_delete", "{\"flows\":{\"id\":{\"any_\":[\"${b}\"]}}}")
                .get("/flows/${b}");
    }

    static Scenario invalidFlows() {
        return new Scenario("flows: invalid input")
                .post("/flows/", "{}")
                .post("/flows/", "{\"name\":\"bad/name\"}")
                .post("/flows/", "{\"name\":5}")
                .post("/flows/", "{\"name\":\"${u}-x\",\"unknown\":1}")
                .post("/flows/", "{\"name\":")
                .post("/flows/", "[]")
                .get("/flows/not-a-uuid")
                .get("/flows/" + MISSING)
                .post("/flows/", "{\"name\":\"${u}-ok\"}").save("flow", "id")
                .patch("/flows/${flow}", "{\"name\":\"renamed\"}")
                .patch("/flows/" + MISSING, "{\"tags\":[]}")
                .post("/flows/filter", "{\"limit\":-1}")
                .post("/flows/filter", "{\"limit\":201}")
                .post("/flows/filter", "{\"offset\":-1}")
                .post("/flows/filter", "{\"sort\":\"NOPE\"}")
                .post("/flows/count", "{\"flows\":{\"id\":{\"any_\":[\"nope\"]}}}")
                .post("/flows/paginate", "{\"page\":0}");
    }

    static Scenario flowRuns() {
        String byId = "{\"flow_runs\":{\"id\":{\"any_\":[\"${run}\"]}}}";
        return new Scenario("flow runs: create, read, update, delete")
                .post("/flows/", "{\"name\":\"${u}\"}").save("flow", "id")
                .post("/flow_runs/", "{\"flow_id\":\"${flow}\",\"name\":\"${u}-run\",\"parameters\":{\"day\":\"2024-06-01\",\"n\":3},"
                        + "\"tags\":[\"t\"],\"state\":{\"type\":\"PENDING\"}}").save("run", "id")
                .values("state_type", "state_name", "run_count", "parameters", "tags")
                .get("/flow_runs/${run}").values("state_type", "state_name", "parameters")
                .patch("/flow_runs/${run}", "{\"name\":\"${u}-renamed\"}")
                .patch("/flow_runs/${run}/labels", "{\"env\":\"test\"}")
                .get("/flow_runs/${run}").values("labels.env")
                .post("/flow_runs/filter", byId)
                .post("/flow_runs/filter", "{\"flows\":{\"id\":{\"any_\":[\"${flow}\"]}},\"flow_runs\":{\"state\":{\"type\":{\"any_\":[\"PENDING\"]}}},"
                        + "\"sort\":\"EXPECTED_START_TIME_DESC\"}")
                .post("/flow_runs/count", byId).values("")
                // an empty filter object is TRUE in Prefect, also inside or_; an empty not_any_ leaves no run out
                .post("/flow_runs/count", "{\"flows\":{\"id\":{\"any_\":[\"${flow}\"]}},"
                        + "\"flow_runs\":{\"operator\":\"or_\",\"flow_version\":{},\"name\":{\"any_\":[\"nope\"]}}}").values("")
                .post("/flow_runs/count", "{\"flows\":{\"id\":{\"any_\":[\"${flow}\"]}},"
                        + "\"flow_runs\":{\"idempotency_key\":{\"not_any_\":[]}}}").values("")
                .post("/flow_runs/paginate", "{\"flow_runs\":{\"id\":{\"any_\":[\"${run}\"]}},\"page\":1,\"limit\":5}")
                .values("count", "pages")
                .post("/flow_runs/lateness", byId)
                .get("/flow_run_states/?flow_run_id=${run}").save("state", "0.id")
                .get("/flow_run_states/${state}").values("type", "name")
                .post("/flow_runs/", "{\"flow_id\":\"${flow}\"}").save("run2", "id").values("state_type", "state_name")
                .post("/flow_runs/bulk_delete", "{\"flow_runs\":{\"id\":{\"any_\":[\"${run2}\"]}}}")
                .delete("/flow_runs/${run}")
                .get("/flow_runs/${run}")
                .delete("/flow_runs/${run}")
                .get("/flow_run_states/?flow_run_id=${run}");
    }

    static Scenario invalidFlowRuns() {
        return new Scenario("flow runs: invalid input")
                .post("/flows/", "{\"name\":\"${u}\"}").save("flow", "id")
                .post("/flow_runs/", "{}")
                .post("/flow_runs/", "{\"flow_id\":\"nope\"}")
                .post("/flow_runs/", "{\"flow_id\":\"" + MISSING + "\"}")
                .post("/flow_runs/", "{\"flow_id\":\"${flow}\",\"state\":{\"type\":\"NOPE\"}}")
                .post("/flow_runs/", "{\"flow_id\":\"${flow}\",\"parameters\":[]}")
                .post("/flow_runs/" + MISSING + "/set_state", setState("RUNNING"))
                .post("/flow_runs/${flow}/set_state", "{}")
                .patch("/flow_runs/" + MISSING, "{\"name\":\"x\"}")
                .get("/flow_runs/not-a-uuid")
                .get("/flow_run_states/?flow_run_id=nope")
                .get("/flow_run_states/")
                .get("/flow_run_states/" + MISSING)
                .post("/flow_runs/filter", "{\"flow_runs\":{\"state\":{\"type\":{\"any_\":[\"NOPE\"]}}}}");
    }

    static Scenario flowRunTransitions() {
        return withPendingFlowRun("flow run orchestration: terminal-state transitions", "")
                .post("/flow_runs/${run}/set_state", setState("RUNNING"))
                .post("/flow_runs/${run}/set_state", setState("RUNNING"))
                .post("/flow_runs/${run}/set_state", setState("COMPLETED"))
                .post("/flow_runs/${run}/set_state", setState("RUNNING"))
                .post("/flow_runs/${run}/set_state", setState("PENDING"))
                .post("/flow_runs/${run}/set_state", "{\"state\":{\"type\":\"RUNNING\"},\"force\":true}")
                .get("/flow_runs/${run}").values("state_type", "state_name", "run_count")
                .post("/flow_runs/${run}/set_state", "{\"state\":{\"type\":\"FAILED\",\"message\":\"boom\"}}")
                .post("/flow_runs/${run}/set_state", setState("CANCELLED"))
                .post("/flow_runs/${run}/set_state", setState("SCHEDULED"))
                .get("/flow_runs/${run}").values("state_type", "state_name", "run_count")
                .get("/flow_run_states/?flow_run_id=${run}");
    }

    static Scenario flowRunRetries() {
        return withPendingFlowRun("flow run orchestration: retries",
                        ",\"empirical_policy\":{\"retries\":1,\"retry_delay\":0}")
                .post("/flow_runs/${run}/set_state", setState("RUNNING"))
                .post("/flow_runs/${run}/set_state", "{\"state\":{\"type\":\"FAILED\",\"message\":\"first\"}}")
                .get("/flow_runs/${run}").values("state_type", "state_name", "run_count")
                .post("/flow_runs/${run}/set_state", setState("RUNNING"))
                .post("/flow_runs/${run}/set_state", "{\"state\":{\"type\":\"FAILED\",\"message\":\"second\"}}")
                .get("/flow_runs/${run}").values("state_type", "state_name", "run_count");
    }

    static Scenario taskRuns() {
        String ofRun = "{\"task_runs\":{\"flow_run_id\":{\"any_\":[\"${run}\"]}}}";
        return withPendingFlowRun("task runs: create, read, update, delete", "")
                .post("/task_runs/", "{\"flow_run_id\":\"${run}\",\"task_key\":\"${u}.extract\",\"dynamic_key\":\"0\","
                        + "\"name\":\"extract-0\",\"state\":{\"type\":\"PENDING\"}}").save("task", "id")
                .values("state_type", "state_name", "run_count")
                .post("/task_runs/", "{\"flow_run_id\":\"${run}\",\"task_key\":\"${u}.extract\",\"dynamic_key\":\"0\"}")
                .get("/task_runs/${task}").values("state_type", "dynamic_key")
                .patch("/task_runs/${task}", "{\"name\":\"renamed\"}")
                .post("/task_runs/${task}/set_state", setState("RUNNING"))
                .post("/flow_runs/${run}/set_state", setState("RUNNING"))
                .post("/task_runs/${task}/set_state", setState("RUNNING"))
                .post("/task_runs/${task}/set_state", setState("COMPLETED"))
                .get("/task_runs/${task}").values("name", "state_type", "state_name", "run_count")
                .get("/task_run_states/?task_run_id=${task}").save("state", "0.id")
                .get("/task_run_states/${state}").values("type", "name")
                .post("/task_runs/filter", ofRun)
                .post("/task_runs/count", ofRun).values("")
                .post("/task_runs/paginate", "{\"task_runs\":{\"flow_run_id\":{\"any_\":[\"${run}\"]}},\"page\":1,\"limit\":5}")
                .values("count", "pages")
                .post("/task_runs/", "{\"flow_run_id\":\"${run}\",\"task_key\":\"${u}.load\",\"dynamic_key\":\"0\"}").save("t2", "id")
                .values("state_type", "state_name")
                .post("/task_runs/", "{\"task_key\":\"${u}.alone\",\"dynamic_key\":\"0\"}").values("flow_run_id")
                .delete("/task_runs/${t2}")
                .get("/task_runs/${t2}")
                .delete("/task_runs/${t2}")
                .post("/task_runs/count", ofRun).values("");
    }

    static Scenario invalidTaskRuns() {
        return withPendingFlowRun("task runs: invalid input", "")
                .post("/task_runs/", "{}")
                .post("/task_runs/", "{\"flow_run_id\":\"nope\",\"task_key\":\"k\",\"dynamic_key\":\"0\"}")
                .post("/task_runs/", "{\"flow_run_id\":\"${run}\",\"task_key\":5,\"dynamic_key\":\"0\"}")
                .post("/task_runs/", "{\"flow_run_id\":\"${run}\",\"task_key\":\"k\"}")
                .post("/task_runs/", "{\"flow_run_id\":\"${run}\",\"task_key\":\"k\",\"dynamic_key\":\"0\",\"state\":{\"type\":\"BAD\"}}")
                .post("/task_runs/" + MISSING + "/set_state", setState("RUNNING"))
                .get("/task_runs/" + MISSING)
                .patch("/task_runs/" + MISSING, "{\"name\":\"x\"}")
                .get("/task_run_states/")
                .get("/task_run_states/" + MISSING)
                .post("/task_runs/filter", "{\"limit\":-1}");
    }

    static Scenario taskRunRetries() {
        return withRunningFlowAndPendingTask("task run orchestration: retries",
                        ",\"empirical_policy\":{\"retries\":1,\"retry_delay\":0}")
                .post("/task_runs/${task}/set_state", setState("RUNNING"))
                .post("/task_runs/${task}/set_state", "{\"state\":{\"type\":\"FAILED\",\"message\":\"first\"}}")
                .get("/task_runs/${task}").values("state_type", "state_name", "run_count")
                .post("/task_runs/${task}/set_state", setState("RUNNING"))
                .post("/task_runs/${task}/set_state", "{\"state\":{\"type\":\"FAILED\",\"message\":\"second\"}}")
                .get("/task_runs/${task}").values("state_type", "state_name", "run_count")
                .get("/task_run_states/?task_run_id=${task}");
    }

    static Scenario taskRunCache() {
        String completedWithKey = "{\"state\":{\"type\":\"COMPLETED\",\"state_details\":{\"cache_key\":\"${u}-k\","
                + "\"cache_expiration\":\"2099-01-01T00:00:00Z\"}}}";
        String task = "{\"flow_run_id\":\"${run}\",\"task_key\":\"${u}.fetch\",\"dynamic_key\":\"%s\",\"state\":{\"type\":\"PENDING\"}}";
        return withRunningFlowAndPendingTask("task run orchestration: cache hits", "")
                .post("/task_runs/${task}/set_state", setState("RUNNING"))
                .post("/task_runs/${task}/set_state", completedWithKey)
                .post("/task_runs/", String.format(task, "1")).save("hit", "id")
                .post("/task_runs/${hit}/set_state", "{\"state\":{\"type\":\"RUNNING\",\"state_details\":{\"cache_key\":\"${u}-k\"}}}")
                .get("/task_runs/${hit}").values("state_type", "state_name")
                .post("/task_runs/", String.format(task, "2")).save("miss", "id")
                .post("/task_runs/${miss}/set_state", "{\"state\":{\"type\":\"RUNNING\",\"state_details\":{\"cache_key\":\"${u}-other\"}}}")
                .post("/task_runs/${miss}/set_state", "{\"state\":{\"type\":\"COMPLETED\",\"state_details\":{\"cache_key\":\"${u}-old\","
                        + "\"cache_expiration\":\"2000-01-01T00:00:00Z\"}}}")
                .post("/task_runs/", String.format(task, "3")).save("expired", "id")
                .post("/task_runs/${expired}/set_state", "{\"state\":{\"type\":\"RUNNING\",\"state_details\":{\"cache_key\":\"${u}-old\"}}}");
    }

    static Scenario taskRunTransitions() {
        return withRunningFlowAndPendingTask("task run orchestration: terminal-state transitions", "")
                .post("/task_runs/${task}/set_state", setState("RUNNING"))
                .post("/task_runs/${task}/set_state", setState("RUNNING"))
                .post("/task_runs/${task}/set_state", setState("COMPLETED"))
                .post("/task_runs/${task}/set_state", setState("RUNNING"))
                .post("/task_runs/${task}/set_state", setState("FAILED"))
                .post("/task_runs/${task}/set_state", "{\"state\":{\"type\":\"RUNNING\"},\"force\":true}")
                .post("/task_runs/${task}/set_state", setState("CRASHED"))
                .post("/task_runs/${task}/set_state", setState("PENDING"))
                .get("/task_runs/${task}").values("state_type", "state_name", "run_count")
                .post("/flow_runs/${run}/set_state", setState("COMPLETED"))
                .post("/task_runs/", "{\"flow_run_id\":\"${run}\",\"task_key\":\"${u}.late\",\"dynamic_key\":\"0\"}").save("late", "id")
                .post("/task_runs/${late}/set_state", setState("RUNNING"));
    }

    static Scenario races() {
        return withPendingFlowRun("races: concurrent proposals for one run", "")
                .post("/flow_runs/${run}/set_state", setState("RUNNING")).concurrently(4)
                .get("/flow_runs/${run}").values("state_type", "run_count")
                .post("/flow_runs/${run}/set_state", setState("COMPLETED")).concurrently(4)
                .get("/flow_runs/${run}").values("state_type", "state_name");
    }

    static Scenario logs() {
        String ofRun = "\"logs\":{\"flow_run_id\":{\"any_\":[\"${run}\"]}}";
        return withPendingFlowRun("logs", "")
                .post("/logs/", "[{\"name\":\"prefect.flow_runs\",\"level\":20,\"message\":\"started\","
                        + "\"timestamp\":\"2024-06-01T12:00:00.123456Z\",\"flow_run_id\":\"${run}\"},"
                        + "{\"name\":\"prefect.flow_runs\",\"level\":40,\"message\":\"failed hard\","
                        + "\"timestamp\":\"2024-06-01T12:00:01Z\",\"flow_run_id\":\"${run}\"}]")
                .post("/logs/filter", "{" + ofRun + "}").values("0.message", "0.timestamp", "1.message")
                .post("/logs/filter", "{\"logs\":{\"flow_run_id\":{\"any_\":[\"${run}\"]},\"level\":{\"ge_\":30}}}")
                .values("0.message")
                .post("/logs/filter", "{" + ofRun + ",\"sort\":\"TIMESTAMP_DESC\",\"limit\":1}").values("0.message")
                .post("/logs/", "[{\"name\":\"x\",\"level\":\"high\",\"message\":\"m\",\"timestamp\":\"2024-06-01T12:00:00Z\"}]")
                .post("/logs/", "{}")
                .post("/logs/", "[]")
                .post("/logs/filter", "{\"limit\":-1}");
    }

    static Scenario variables() {
        String byName = "{\"variables\":{\"name\":{\"any_\":[\"${u}_v\"]}}}";
        return new Scenario("variables")
                .post("/variables/", "{\"name\":\"${u}_v\",\"value\":{\"max\":3},\"tags\":[\"ops\"]}").save("var", "id")
                .values("value", "tags")
                .post("/variables/", "{\"name\":\"${u}_v\",\"value\":1}")
                .get("/variables/name/${u}_v").values("value")
                .get("/variables/${var}").values("value", "tags")
                .patch("/variables/name/${u}_v", "{\"value\":\"hi\"}")
                .patch("/variables/${var}", "{\"tags\":[\"x\"]}")
                .get("/variables/${var}").values("value", "tags")
                .post("/variables/filter", byName)
                .post("/variables/filter", "{\"variables\":{\"name\":{\"like_\":\"${u}\"},\"tags\":{\"all_\":[\"x\"]}},\"sort\":\"NAME_ASC\"}")
                .post("/variables/count", byName).values("")
                .delete("/variables/name/${u}_v")
                .get("/variables/name/${u}_v")
                .delete("/variables/name/${u}_v")
                .patch("/variables/name/${u}_v", "{\"value\":2}")
                .post("/variables/", "{\"name\":\"${u}_w\",\"value\":[1,2]}").save("w", "id")
                .delete("/variables/${w}")
                .get("/variables/${w}")
                .delete("/variables/${w}")
                .patch("/variables/${w}", "{\"value\":3}");
    }

    static Scenario invalidVariables() {
        return new Scenario("variables: invalid input")
                .post("/variables/", "{}")
                .post("/variables/", "{\"name\":\"Bad Name!\",\"value\":1}")
                .post("/variables/", "{\"name\":\"${u}_n\"}")
                .post("/variables/", "{\"name\":\"${u}_t\",\"value\":1,\"tags\":\"ops\"}")
                .post("/variables/", "{\"name\":5,\"value\":1}")
                .get("/variables/not-a-uuid")
                .post("/variables/filter", "{\"limit\":-1}")
                .post("/variables/count", "{\"variables\":{\"id\":{\"any_\":[\"nope\"]}}}");
    }

    /**
     * Keyed-artifact versions (the latest of a key, handed back on delete), filters, counts, bad
     * input. The key is the run's unique {@code ${u}}, so its value differs by side and is not compared.
     */
    static Scenario artifacts() {
        String ofKey = "\"artifacts\":{\"key\":{\"any_\":[\"${u}\"]}}";
        return withPendingFlowRun("artifacts", "")
                .post("/artifacts/", "{\"key\":\"${u}\",\"type\":\"markdown\",\"description\":\"v1\",\"data\":\"# one\","
                        + "\"metadata_\":{\"rows\":\"3\"},\"flow_run_id\":\"${run}\"}").save("first", "id")
                .values("type", "description", "data", "metadata_")
                .post("/artifacts/", "{\"key\":\"${u}\",\"type\":\"markdown\",\"data\":{\"n\":2}}").save("second", "id")
                .values("data")
                .post("/artifacts/", "{\"type\":\"result\",\"data\":1,\"flow_run_id\":\"${run}\"}")
                .get("/artifacts/${first}").values("description", "data")
                .get("/artifacts/${u}/latest").values("data", "description")
                .post("/artifacts/filter", "{" + ofKey + ",\"sort\":\"CREATED_DESC\"}").values("0.data", "1.data")
                .post("/artifacts/count", "{" + ofKey + "}").values("")
                .post("/artifacts/count", "{\"flow_runs\":{\"id\":{\"any_\":[\"${run}\"]}}}").values("")
                .post("/artifacts/latest/filter", "{" + ofKey + "}").values("0.data")
                .post("/artifacts/latest/count", "{" + ofKey + "}").values("")
                .patch("/artifacts/${second}", "{\"description\":\"v2\"}")
                .get("/artifacts/${u}/latest").values("description")
                .delete("/artifacts/${second}")
                .get("/artifacts/${u}/latest").values("data", "description")
                .get("/artifacts/${second}")
                .delete("/artifacts/${second}")
                .patch("/artifacts/${second}", "{\"description\":\"x\"}")
                .delete("/artifacts/${first}")
                .get("/artifacts/${u}/latest")
                .post("/artifacts/latest/count", "{" + ofKey + "}").values("")
                .post("/artifacts/", "{\"key\":\"Bad Key\"}")
                .post("/artifacts/filter", "{\"limit\":-1}");
    }

    /** The routes only Prefect's UI calls: a flow run's graph, the UI's history and counts, a task run with its flow run's name. */
    static Scenario uiRoutes() {
        String ofRun = "{\"flow_runs\":{\"id\":{\"any_\":[\"${run}\"]}}}";
        // two ten-year intervals from 2020: the scenario's runs fall in the first
        String history = "{\"history_start\":\"2020-01-01T00:00:00Z\",\"history_end\":\"2040-01-01T00:00:00Z\","
                + "\"history_interval_seconds\":315576000,%s}";
        return withRunningFlowAndPendingTask("UI routes: graph, history, counts, task run", "")
                .post("/task_runs/", "{\"flow_run_id\":\"${run}\",\"task_key\":\"${u}.child\",\"dynamic_key\":\"0\","
                        + "\"name\":\"child-0\",\"task_inputs\":{\"x\":[{\"input_type\":\"task_run\",\"id\":\"${task}\"}]}}")
                .save("child", "id")
                .post("/task_runs/${task}/set_state", setState("RUNNING"))
                .post("/task_runs/${task}/set_state", setState("COMPLETED"))
                .post("/task_runs/${child}/set_state", setState("RUNNING"))
                .post("/task_runs/${child}/set_state", "{\"state\":{\"type\":\"FAILED\",\"message\":\"boom\"}}")
                .post("/artifacts/", "{\"key\":\"${u}-graph\",\"type\":\"markdown\",\"data\":\"# x\",\"flow_run_id\":\"${run}\"}")
                .get("/flow_runs/${run}/graph-v2").values("nodes.0.1.kind", "nodes.0.1.state_type", "nodes.1.1.state_type",
                        "nodes.0.1.parents", "artifacts.0.type", "artifacts.0.is_latest", "states.0.type", "states.1.type")
                .get("/flow_runs/${run}/graph-v2?since=2999-01-01T00:00:00Z").values("nodes")
                .get("/flow_runs/${run}/graph-v2?since=yesterday")
                .get("/flow_runs/" + MISSING + "/graph-v2")
                .post("/ui/flow_runs/history", ofRun).values("0.state_type")
                .post("/flow_runs/history", String.format(history, ofRun.substring(1, ofRun.length() - 1)))
                .values("0.states.0.state_type", "0.states.0.count_runs", "1.states")
                .post("/task_runs/history", String.format(history, ofRun.substring(1, ofRun.length() - 1)))
                .values("0.states.0.state_type", "0.states.0.state_name", "0.states.0.count_runs", "0.states.1.state_name")
                .post("/flow_runs/history", "{\"history_start\":\"2020-01-01T00:00:00Z\",\"history_end\":\"2020-01-02T00:00:00Z\","
                        + "\"history_interval_seconds\":0.5}")
                .post("/task_runs/history", "{\"history_start\":\"2020-01-01T00:00:00Z\"}")
                .post("/ui/flow_runs/history", "{\"limit\":1001}")
                .post("/ui/flow_runs/count-task-runs", "{\"flow_run_ids\":[\"${run}\",\"" + MISSING + "\"]}").values("")
                .post("/ui/flow_runs/count-task-runs", "{\"flow_run_ids\":[\"" + MISSING + "\"]}").values("")
                .post("/ui/flow_runs/count-task-runs", "{}")
                .post("/ui/flow_runs/count-task-runs", "{\"flow_run_ids\":[\"x\"]}")
                .post("/ui/task_runs/count", ofRun).values("")
                .post("/ui/task_runs/dashboard/counts", "{\"task_runs\":{\"start_time\":{\"after_\":\"2020-01-01T00:00:00Z\"}},"
                        + ofRun.substring(1)).values("")
                .post("/ui/task_runs/dashboard/counts", "{\"task_runs\":{}}")
                .get("/ui/task_runs/${child}").values("state_type", "name")
                .get("/ui/task_runs/" + MISSING);
    }

    /** The UI's flow listing: each flow's deployment count and its next scheduled run (the earliest). */
    static Scenario uiFlows() {
        String scheduled = "{\"flow_id\":\"${flow}\",\"name\":\"%s\",\"state\":{\"type\":\"SCHEDULED\","
                + "\"state_details\":{\"scheduled_time\":\"%s\"}}}";
        String both = "{\"flow_ids\":[\"${flow}\",\"${other}\",\"" + MISSING + "\"]}";
        return new Scenario("UI routes: deployments and next runs by flow")
                .post("/flows/", "{\"name\":\"${u}-flow\"}").save("flow", "id")
                .post("/flows/", "{\"name\":\"${u}-other\"}").save("other", "id")
                .post("/deployments/", "{\"name\":\"${u}-a\",\"flow_id\":\"${flow}\"}")
                .post("/deployments/", "{\"name\":\"${u}-b\",\"flow_id\":\"${flow}\"}")
                .post("/ui/flows/count-deployments", both).values("")
                .post("/flow_runs/", String.format(scheduled, "later", "2031-01-02T00:00:00Z"))
                .post("/flow_runs/", String.format(scheduled, "soonest", "2031-01-01T00:00:00Z")).save("soonest", "id")
                .post("/flow_runs/", "{\"flow_id\":\"${other}\",\"state\":{\"type\":\"RUNNING\"}}")
                .post("/ui/flows/next-runs", both).values("${flow}.name", "${flow}.state_name", "${flow}.state_type",
                        "${flow}.next_scheduled_start_time", "${other}", "" + MISSING)
                .post("/flow_runs/${soonest}/set_state", setState("PENDING"))
                .post("/ui/flows/next-runs", "{\"flow_ids\":[\"${flow}\"]}").values("${flow}.name")
                .post("/ui/flows/next-runs", "{\"flow_ids\":[]}").values("")
                .post("/ui/flows/next-runs", "{}")
                .post("/ui/flows/count-deployments", "{\"flow_ids\":[\"x\"]}")
                .post("/ui/flows/count-deployments", "{\"flow_ids\":\"" + MISSING + "\"}");
    }

    /**
     * Deployments: the upsert by flow and name, reads, update, lists, schedules, a run made from the
     * deployment, the runner's poll (which marks the deployment ready), pause and resume, and
     * delete, which takes the runs still scheduled with it.
     */
    static Scenario deployments() {
        String byName = "\"deployments\":{\"name\":{\"any_\":[\"${u}-dep\"]}}";
        return new Scenario("deployments")
                .post("/flows/", "{\"name\":\"${u}-flow\"}").save("flow", "id")
                .post("/deployments/", "{\"name\":\"${u}-dep\",\"flow_id\":\"${flow}\",\"tags\":[\"a\"],"
                        + "\"parameters\":{\"x\":1},\"enforce_parameter_schema\":false,\"version\":\"1\","
                        + "\"schedules\":[{\"schedule\":{\"cron\":\"0 2 * * *\",\"timezone\":\"Europe/Zurich\"},\"slug\":\"nightly\"}]}")
                .save("dep", "id")
                .values("paused", "status", "tags", "parameters", "version", "enforce_parameter_schema", "work_queue_name",
                        "schedules.0.schedule", "schedules.0.slug", "schedules.0.active", "schedules.0.parameters")
                .post("/deployments/", "{\"name\":\"${u}-dep\",\"flow_id\":\"${flow}\",\"description\":\"d\"}")
                .values("description", "tags", "version", "schedules")
                .get("/deployments/${dep}").values("description", "paused")
                .get("/deployments/name/${u}-flow/${u}-dep").values("description")
                .patch("/deployments/${dep}", "{\"tags\":[\"b\"],\"schedules\":[{\"schedule\":{\"interval\":3600,"
                        + "\"anchor_date\":\"2025-01-01T00:30:00Z\"},\"slug\":\"hourly\"}]}")
                .get("/deployments/${dep}").values("tags", "schedules.0.schedule", "schedules.0.slug")
                .post("/deployments/filter", "{" + byName + "}").values("0.tags")
                .post("/deployments/filter", "{\"flows\":{\"id\":{\"any_\":[\"${flow}\"]}},\"deployments\":{\"tags\":"
                        + "{\"all_\":[\"b\"]},\"paused\":{\"eq_\":false}},\"sort\":\"CREATED_DESC\"}").values("0.tags")
                .post("/deployments/count", "{" + byName + "}").values("")
                .post("/deployments/paginate", "{" + byName + ",\"page\":1,\"limit\":5}").values("count", "pages", "page")
                .get("/deployments/${dep}/schedules").save("hourly", "0.id").values("0.slug", "0.schedule", "0.active")
                .post("/deployments/${dep}/schedules", "[{\"schedule\":{\"cron\":\"*/15 * * * *\"},\"active\":false,"
                        + "\"parameters\":{\"x\":2}}]").values("0.schedule", "0.active", "0.parameters", "0.slug")
                .patch("/deployments/${dep}/schedules/${hourly}", "{\"active\":false}")
                .get("/deployments/${dep}/schedules").values("0.active", "1.active")
                .post("/deployments/${dep}/create_flow_run", "{\"parameters\":{\"y\":2},\"tags\":[\"adhoc\"]}").save("run", "id")
                .values("state_type", "state_name", "parameters", "auto_scheduled", "deployment_version", "work_queue_name")
                .post("/flow_runs/filter", "{\"flow_runs\":{\"deployment_id\":{\"any_\":[\"${dep}\"]}}}").values("0.state_name")
                .post("/deployments/get_scheduled_flow_runs", "{\"deployment_ids\":[\"${dep}\"]}").values("0.state_name")
                .get("/deployments/${dep}").values("status")
                .post("/deployments/${dep}/pause_deployment", "{}")
                .get("/deployments/${dep}").values("paused")
                .post("/deployments/${dep}/resume_deployment", "{}")
                .get("/deployments/${dep}").values("paused")
                .delete("/deployments/${dep}/schedules/${hourly}")
                .delete("/deployments/${dep}/schedules/${hourly}")
                .patch("/deployments/${dep}/schedules/${hourly}", "{\"active\":true}")
                .post("/flow_runs/filter", "{\"deployments\":{\"operator\":\"and_\",\"id\":{\"any_\":[\"${dep}\"]}}}")
                .values("0.state_name") // the runs of the deployment, by its filter
                .post("/flows/filter", "{\"deployments\":{\"tags\":{\"all_\":[\"b\"]}},\"flows\":{\"id\":{\"any_\":[\"${flow}\"]}}}")
                .post("/task_runs/count", "{\"deployments\":{\"id\":{\"any_\":[\"${dep}\"]}}}").values("")
                .post("/flow_runs/count", "{\"deployments\":{\"id\":{\"any_\":[\"x\"]}}}")
                .post("/deployments/count", "{\"deployments\":{\"operator\":\"and_\",\"flow_or_deployment_name\":"
                        + "{\"like_\":\"${u}-FL\"},\"tags\":{\"operator\":\"and_\",\"all_\":[]}}}").values("") // V2's search
                .delete("/deployments/${dep}")
                .get("/deployments/${dep}")
                .get("/flow_runs/${run}")
                .delete("/deployments/${dep}");
    }

    static Scenario invalidDeployments() {
        return new Scenario("deployments: invalid input")
                .post("/flows/", "{\"name\":\"${u}-flow\"}").save("flow", "id")
                .post("/deployments/", "{\"flow_id\":\"${flow}\"}")
                .post("/deployments/", "{\"name\":\"${u}-d\",\"flow_id\":\"${flow}\",\"schedules\":[{\"schedule\":"
                        + "{\"cron\":\"0 25 * * *\"}}]}")
                .post("/deployments/", "{\"name\":\"${u}-d\",\"flow_id\":\"${flow}\",\"work_pool_name\":\"${u}-nowhere\"}")
                .post("/deployments/", "{\"name\":\"${u}-d\",\"flow_id\":\"" + MISSING + "\"}")
                .post("/deployments/", "{\"name\":\"${u}-d\",\"flow_id\":\"${flow}\",\"unknown\":1}")
                .post("/deployments/", "{\"name\":\"${u}-d\",\"flow_id\":\"${flow}\"}").save("dep", "id")
                .post("/deployments/${dep}/create_flow_run", "{}")
                .get("/deployments/name/${u}-flow/none")
                .get("/deployments/" + MISSING)
                .patch("/deployments/" + MISSING, "{}")
                .delete("/deployments/" + MISSING)
                .post("/deployments/" + MISSING + "/create_flow_run", "{}")
                .post("/deployments/" + MISSING + "/pause_deployment", "{}")
                .post("/deployments/" + MISSING + "/resume_deployment", "{}")
                .get("/deployments/" + MISSING + "/schedules")
                .post("/deployments/" + MISSING + "/schedules", "[]")
                .post("/deployments/${dep}/schedules", "[{\"schedule\":{\"interval\":0}}]")
                .post("/deployments/filter", "{\"limit\":-1}")
                .post("/deployments/filter", "{\"sort\":\"NOPE\"}")
                .post("/deployments/get_scheduled_flow_runs", "{}");
    }

    /**
     * Events: a valid batch is accepted; bad events and filters are refused at the same field. The
     * reads select only this scenario's own resource, so their answer (none: the reference server
     * runs without services, so it does not persist events) does not depend on other traffic.
     */
    static Scenario events() {
        String event = "{\"occurred\":\"2025-01-01T00:00:00Z\",\"event\":\"app.${u}\","
                + "\"resource\":{\"prefect.resource.id\":\"app.${u}\"},\"id\":\"%s\"}";
        String own = "{\"filter\":{\"resource\":{\"id\":[\"app.${u}.none\"]},\"event\":{\"prefix\":[\"app.\"]},"
                + "\"related\":[{\"role\":[\"flow\"]}],\"any_resource\":{\"id_prefix\":[\"app.${u}\"]},"
                + "\"order\":\"ASC\"},\"limit\":5}";
        return new Scenario("events")
                .post("/events", "[" + String.format(event, "3f1d3c2e-5f5e-4d6e-9a7b-0c1d2e3f4a5b") + "]")
                .post("/events", "[]")
                .post("/events", "{}")
                .post("/events", "[{\"event\":\"x\",\"resource\":{},\"occurred\":\"2025-01-01T00:00:00Z\","
                        + "\"id\":\"3f1d3c2e-5f5e-4d6e-9a7b-0c1d2e3f4a5c\"}]")
                .post("/events", "[{\"event\":\"x\",\"resource\":{\"prefect.resource.id\":\"a\"},"
                        + "\"related\":[{\"prefect.resource.id\":\"b\"}],\"occurred\":\"nope\"}]")
                .post("/events/filter", own).values("total", "next_page")
                .post("/events/filter", "{\"filter\":{\"order\":\"SIDEWAYS\",\"unknown\":1}}")
                .post("/events/filter", "{\"limit\":51}")
                .get("/events/filter/next?page-token=bm90IGpzb24=")
                .get("/events/filter/next");
    }

    /**
     * Event counts by day, time bucket, name and resource, over a past range and this scenario's own
     * resource (so the answer does not depend on other traffic or on the hour the suite runs), and
     * the counts Prefect refuses: a bad countable with a bad body, a bad unit and interval, too many
     * buckets.
     */
    static Scenario eventCounts() {
        String own = "\"filter\":{\"occurred\":{\"since\":\"2025-01-01T02:00:00Z\",\"until\":\"2025-01-03T12:00:00Z\"},"
                + "\"resource\":{\"id\":[\"app.${u}\"]}}";
        return new Scenario("events: counts")
                .post("/events/count-by/day", "{" + own + "}").values("")
                .post("/events/count-by/time", "{" + own + ",\"time_unit\":\"hour\",\"time_interval\":6}").values("")
                .post("/events/count-by/time", "{" + own + ",\"time_unit\":\"week\",\"time_interval\":0.5}").values("")
                .post("/events/count-by/event", "{" + own + "}").values("")
                .post("/events/count-by/resource", "{" + own + ",\"time_unit\":\"minute\"}").values("")
                .post("/events/count-by/time", "{" + own + ",\"time_unit\":\"second\",\"time_interval\":60}")
                .values("detail")
                .post("/events/count-by/weeks", "{}")
                .post("/events/count-by/time", "{\"filter\":{},\"time_unit\":\"fortnight\",\"time_interval\":0}")
                .post("/events/count-by/event", "{\"filter\":{\"order\":\"SIDEWAYS\"}}");
    }

    /**
     * Work pools with their default queue, queues, workers' heartbeats, a deployment in a pool's
     * queue and a worker's poll for its runs, and the queue routes by id and name.
     */
    static Scenario workPools() {
        return new Scenario("work pools")
                .post("/work_pools/", "{\"name\":\"${u}-pool\",\"type\":\"process\",\"description\":\"d\"}").save("pool", "id")
                .save("defaultQueue", "default_queue_id")
                .values("type", "status", "is_paused", "concurrency_limit", "base_job_template", "storage_configuration",
                        "description", "active_slots")
                .post("/work_pools/", "{\"name\":\"${u}-pool\"}")
                .get("/work_pools/${u}-pool").values("type", "status")
                .patch("/work_pools/${u}-pool", "{\"description\":\"e\",\"concurrency_limit\":5}")
                .get("/work_pools/${u}-pool").values("description", "concurrency_limit")
                .post("/work_pools/filter", "{\"work_pools\":{\"name\":{\"any_\":[\"${u}-pool\"]}}}").values("0.type")
                .post("/work_pools/count", "{\"work_pools\":{\"id\":{\"any_\":[\"${pool}\"]}}}").values("")
                .get("/work_pools/${u}-pool/queues/default").values("name", "priority", "description", "status", "is_paused")
                .post("/work_pools/${u}-pool/queues", "{\"name\":\"urgent\",\"description\":\"u\"}").save("urgent", "id")
                .values("priority", "description", "status", "concurrency_limit")
                .post("/work_pools/${u}-pool/queues", "{\"name\":\"urgent\"}")
                .patch("/work_pools/${u}-pool/queues/urgent", "{\"priority\":7}")
                .post("/work_pools/${u}-pool/queues/filter", "{}").values("0.name", "1.name", "1.priority")
                .get("/work_queues/${urgent}").values("name", "priority")
                // before any poll: Prefect marks polled queues in a background task, so last_polled races there
                .post("/work_queues/filter", "{\"work_queues\":{\"id\":{\"any_\":[\"${urgent}\"]}}}").values("0.name")
                .post("/work_pools/${u}-pool/queues/filter", "{\"work_queues\":{\"name\":{\"startswith_\":[\"URG\"]}}}")
                .values("0.name")
                .patch("/work_queues/${urgent}", "{\"is_paused\":true,\"concurrency_limit\":2}")
                .get("/work_pools/${u}-pool/queues/urgent").values("is_paused", "status", "concurrency_limit", "active_slots")
                .get("/work_queues/${urgent}/status").values("healthy", "late_runs_count", "health_check_policy")
                .patch("/work_queues/${urgent}", "{\"is_paused\":false}")
                .get("/work_queues/${urgent}").values("is_paused", "status")
                .post("/work_pools/${u}-pool/workers/heartbeat", "{\"name\":\"${u}-worker\",\"heartbeat_interval_seconds\":30}")
                .post("/work_pools/${u}-pool/workers/filter", "{}").values("0.status", "0.heartbeat_interval_seconds")
                .post("/work_pools/${u}-pool/workers/filter", "{\"workers\":{\"status\":{\"any_\":[\"OFFLINE\"]}}}")
                .values("")
                .delete("/work_pools/${u}-pool/workers/${u}-worker")
                .delete("/work_pools/${u}-pool/workers/${u}-worker")
                .get("/work_pools/${u}-pool").values("status", "active_slots")
                .post("/flows/", "{\"name\":\"${u}-flow\"}").save("flow", "id")
                .post("/deployments/", "{\"name\":\"${u}-dep\",\"flow_id\":\"${flow}\",\"work_pool_name\":\"${u}-pool\","
                        + "\"work_queue_name\":\"urgent\",\"enforce_parameter_schema\":false}").save("dep", "id")
                .values("work_queue_name")
                .post("/deployments/${dep}/create_flow_run", "{}").save("run", "id").values("work_queue_name", "state_type")
                .post("/deployments/count", "{\"deployments\":{\"flow_or_deployment_name\":{\"like_\":\"${u}-FL\"}},"
                        + "\"work_pools\":{\"name\":{\"any_\":[\"${u}-pool\"]}},"
                        + "\"work_pool_queues\":{\"name\":{\"any_\":[\"urgent\"]}}}").values("")
                .post("/deployments/count", "{\"work_pool_queues\":{\"name\":{\"any_\":[\"default\"]}},"
                        + "\"work_pools\":{\"name\":{\"any_\":[\"${u}-pool\"]}}}").values("")
                .post("/work_pools/${u}-pool/get_scheduled_flow_runs", "{\"work_queue_names\":[\"urgent\"]}")
                .values("0.flow_run.work_queue_name", "0.flow_run.state_name")
                .post("/work_queues/${urgent}/get_runs", "{}").values("0.work_queue_name")
                .delete("/deployments/${dep}")
                .delete("/work_pools/${u}-pool/queues/urgent")
                .get("/work_pools/${u}-pool/queues/urgent")
                .delete("/work_pools/${u}-pool")
                .get("/work_pools/${u}-pool")
                .post("/work_queues/", "{\"name\":\"${u}-legacy\"}").values("work_pool_name", "priority", "status")
                .post("/work_queues/", "{\"name\":\"${u}-legacy\"}")
                .get("/work_queues/name/${u}-legacy").save("legacy", "id").values("work_pool_name")
                .delete("/work_queues/${legacy}")
                .get("/work_queues/${legacy}");
    }

    static Scenario invalidWorkPools() {
        return new Scenario("work pools: invalid input")
                .post("/work_pools/", "{}")
                .post("/work_pools/", "{\"name\":\"bad/name\"}")
                .post("/work_pools/", "{\"name\":\"prefect-${u}\"}")
                .post("/work_pools/", "{\"name\":\"${u}-p\",\"concurrency_limit\":-1}")
                .get("/work_pools/${u}-none")
                .patch("/work_pools/${u}-none", "{}")
                .delete("/work_pools/${u}-none")
                .post("/work_pools/${u}-none/get_scheduled_flow_runs", "{}")
                .post("/work_pools/${u}-none/queues", "{\"name\":\"q\"}")
                .post("/work_pools/${u}-none/queues/filter", "{}")
                .post("/work_pools/${u}-none/workers/heartbeat", "{\"name\":\"w\"}")
                .post("/work_pools/${u}-none/workers/filter", "{}")
                .post("/work_pools/", "{\"name\":\"${u}-p\"}")
                .post("/work_pools/${u}-p/workers/heartbeat", "{}")
                .post("/work_pools/${u}-p/queues", "{\"name\":\"q\",\"priority\":0}")
                .patch("/work_pools/${u}-p/queues/none", "{}")
                .delete("/work_pools/${u}-p/queues/none")
                .delete("/work_pools/${u}-p/workers/none")
                .get("/work_queues/" + MISSING)
                .get("/work_queues/name/${u}-none")
                .post("/work_queues/" + MISSING + "/get_runs", "{}")
                .patch("/work_queues/" + MISSING, "{}")
                .delete("/work_queues/" + MISSING)
                .get("/work_queues/" + MISSING + "/status")
                .post("/work_pools/${u}-p/workers/filter", "{\"workers\":{\"status\":{\"any_\":[\"BUSY\"]}}}")
                .post("/work_queues/filter", "{\"work_queues\":{\"name\":{\"like_\":\"x\"}}}")
                .post("/work_pools/filter", "{\"limit\":-1}");
    }

    static Scenario savedSearches() {
        String filter = "{\"object\":\"flow_run\",\"property\":\"state\",\"type\":\"string\",\"operation\":\"equals\","
                + "\"value\":[\"FAILED\",1]}";
        return new Scenario("saved searches")
                .step("PUT", "/saved_searches/", "{\"name\":\"${u}-b\",\"filters\":[" + filter + "]}").save("b", "id")
                .values("filters")
                .step("PUT", "/saved_searches/", "{\"name\":\"${u}-b\"}").values("filters")
                .step("PUT", "/saved_searches/", "{\"name\":\"${u}-a\",\"filters\":[" + filter + "]}").save("a", "id")
                .get("/saved_searches/${b}").values("filters")
                .post("/saved_searches/filter", "{}").values("0.filters", "1.filters")
                .post("/saved_searches/filter", "{\"offset\":1,\"limit\":1}").values("0.filters")
                .step("PUT", "/saved_searches/", "{\"filters\":[]}")
                .step("PUT", "/saved_searches/", "{\"name\":\"${u}-c\",\"filters\":[{\"object\":\"flow_run\"}]}")
                .step("PUT", "/saved_searches/", "{\"name\":\"${u}-c\",\"extra\":1}")
                .step("PUT", "/saved_searches/", "{\"name\":\"${u}-c\",\"filters\":[" + filter.replace("}", ",\"extra\":1}")
                        + "]}").save("c", "id").values("filters")
                .post("/saved_searches/filter", "{\"offset\":-1}")
                .post("/saved_searches/filter", "{\"limit\":201}")
                .get("/saved_searches/not-a-uuid")
                .get("/saved_searches/" + MISSING)
                .delete("/saved_searches/${a}")
                .delete("/saved_searches/${a}")
                .get("/saved_searches/${a}")
                .delete("/saved_searches/${b}")
                .delete("/saved_searches/${c}");
    }

    /** Flow runs, flows, task runs, deployments and artifacts selected by their pool, queue and deployment (the UIs' filters). */
    static Scenario runsByPoolQueueAndDeployment() {
        String pool = "\"work_pools\":{\"name\":{\"any_\":[\"${u}-pool\"]}}";
        String mine = "\"flows\":{\"name\":{\"any_\":[\"${u}-flow\",\"${u}-other\"]}}";
        return new Scenario("runs by pool, queue and deployment")
                .post("/work_pools/", "{\"name\":\"${u}-pool\",\"type\":\"process\"}")
                .post("/work_pools/${u}-pool/queues", "{\"name\":\"urgent\"}")
                .post("/flows/", "{\"name\":\"${u}-flow\"}").save("flow", "id")
                .post("/flows/", "{\"name\":\"${u}-other\"}").save("other", "id")
                .post("/deployments/", "{\"name\":\"${u}-dep\",\"flow_id\":\"${flow}\",\"work_pool_name\":\"${u}-pool\","
                        + "\"work_queue_name\":\"urgent\",\"enforce_parameter_schema\":false}").save("dep", "id")
                .post("/deployments/${dep}/create_flow_run", "{}").save("run", "id")
                .post("/task_runs/", "{\"flow_run_id\":\"${run}\",\"task_key\":\"${u}.t\",\"dynamic_key\":\"0\"}").save("task", "id")
                .post("/artifacts/", "{\"type\":\"markdown\",\"data\":\"x\",\"flow_run_id\":\"${run}\"}")
                .post("/flow_runs/", "{\"flow_id\":\"${other}\"}").save("loose", "id")
                .post("/artifacts/", "{\"type\":\"markdown\",\"data\":\"y\",\"flow_run_id\":\"${loose}\"}")
                .post("/flow_runs/filter", "{" + pool + "}").values("0.work_queue_name")
                .post("/flow_runs/count", "{" + pool + "}").values("")
                .post("/flow_runs/count", "{" + mine + ",\"work_pool_queues\":{\"name\":{\"any_\":[\"urgent\"]}}}").values("")
                .post("/flow_runs/count", "{" + pool + ",\"work_pool_queues\":{\"name\":{\"any_\":[\"default\"]}}}").values("")
                .post("/flow_runs/count", "{" + mine + ",\"work_pools\":{}}").values("")
                .post("/flow_runs/paginate", "{" + pool + "}").values("count")
                .post("/flows/count", "{" + pool + "}").values("")
                .post("/flows/filter", "{" + pool + "}")
                .post("/flows/count", "{" + pool + ",\"deployments\":{\"name\":{\"any_\":[\"${u}-none\"]}}}").values("")
                .post("/flow_runs/history", "{\"history_start\":\"2020-01-01T00:00:00Z\",\"history_end\":\"2040-01-01T00:00:00Z\","
                        + "\"history_interval_seconds\":630720000," + pool + ",\"work_queues\":{\"name\":{\"any_\":[\"urgent\"]}}}")
                .values("0.states.0.state_type", "0.states.0.count_runs")
                .post("/ui/flow_runs/history", "{" + pool + "}").values("0.state_type")
                .post("/deployments/count", "{\"task_runs\":{\"id\":{\"any_\":[\"${task}\"]}}}").values("")
                .post("/artifacts/filter", "{\"deployments\":{\"id\":{\"any_\":[\"${dep}\"]}}}").values("0.data")
                .post("/artifacts/count", "{" + mine + ",\"deployments\":{}}").values("")
                .post("/flow_runs/count", "{\"work_pools\":{\"name\":{\"any_\":\"x\"}}}")
                .post("/flow_runs/filter", "{\"work_pool_queues\":{\"id\":{\"any_\":[\"x\"]}}}")
                .post("/flows/count", "{\"work_pools\":{\"bogus\":1}}")
                .post("/flows/count", "{\"work_pools\":[1]}")
                .delete("/deployments/${dep}")
                .delete("/work_pools/${u}-pool");
    }

    /** The fields of a block schema with a secret field (JSON), the same on both sides, so its checksum is too. */
    private static final String VAULT_FIELDS = "{\"title\":\"Vault\",\"type\":\"object\",\"properties\":{"
            + "\"token\":{\"title\":\"Token\",\"type\":\"string\",\"format\":\"password\",\"writeOnly\":true},"
            + "\"label\":{\"default\":\"caf\\u00e9\",\"type\":\"string\"},\"ratio\":{\"default\":0.1,\"type\":\"number\"}},"
            + "\"required\":[\"token\"],\"secret_fields\":[\"token\"],\"block_type_slug\":\"vault\",\"block_schema_references\":{}}";

    static Scenario blocks() {
        String byType = "{\"block_types\":{\"slug\":{\"any_\":[\"${u}-vault\"]}}}";
        return new Scenario("blocks")
                .post("/block_types/", "{\"name\":\"${u} Vault\",\"slug\":\"${u}-vault\",\"description\":\"a <b>vault</b> & more\","
                        + "\"logo_url\":\" https://example.com/l.png \"}").save("vt", "id")
                .values("description", "logo_url", "documentation_url", "code_example", "is_protected")
                .post("/block_types/", "{\"name\":\"${u} Other\",\"slug\":\"${u}-vault\"}")
                .get("/block_types/slug/${u}-vault").values("description", "is_protected")
                .patch("/block_types/${vt}", "{\"code_example\":\"Vault.load('x')\"}")
                .get("/block_types/${vt}").values("code_example", "description")
                .post("/block_types/filter", byType).values("0.code_example")
                .post("/block_schemas/", "{\"block_type_id\":\"${vt}\",\"fields\":" + VAULT_FIELDS
                        + ",\"capabilities\":[\"write-path\"]}").save("vs", "id").save("checksum", "checksum")
                .values("checksum", "fields", "capabilities", "version", "block_type.description")
                .post("/block_schemas/", "{\"block_type_id\":\"${vt}\",\"fields\":" + VAULT_FIELDS + "}").values("checksum")
                .get("/block_schemas/checksum/${checksum}").values("checksum", "fields", "capabilities")
                .get("/block_schemas/checksum/${checksum}?version=2.0")
                .get("/block_schemas/${vs}").values("fields")
                .post("/block_schemas/filter", "{\"block_schemas\":{\"block_type_id\":{\"any_\":[\"${vt}\"]},"
                        + "\"block_capabilities\":{\"all_\":[\"write-path\"]}}}").values("0.checksum")
                .get("/block_capabilities/").statusOnly()
                .post("/block_documents/", "{\"name\":\"prod\",\"block_type_id\":\"${vt}\",\"block_schema_id\":\"${vs}\","
                        + "\"data\":{\"token\":\"s3cr3t\",\"label\":\"x\"}}").save("doc", "id")
                .values("name", "data", "is_anonymous", "block_document_references", "block_schema.checksum")
                .post("/block_documents/", "{\"name\":\"prod\",\"block_type_id\":\"${vt}\",\"block_schema_id\":\"${vs}\"}")
                .get("/block_documents/${doc}").values("data")
                .get("/block_documents/${doc}?include_secrets=true").values("data")
                .patch("/block_documents/${doc}", "{\"data\":{\"token\":\"********\",\"label\":\"y\"}}")
                .get("/block_documents/${doc}?include_secrets=true").values("data")
                .patch("/block_documents/${doc}", "{\"data\":{\"label\":\"z\"}}")
                .get("/block_documents/${doc}?include_secrets=true").values("data")
                .patch("/block_documents/${doc}", "{\"data\":{\"token\":\"n3w\"},\"merge_existing_data\":false}")
                .get("/block_documents/${doc}?include_secrets=true").values("data")
                .post("/block_documents/", "{\"block_type_id\":\"${vt}\",\"block_schema_id\":\"${vs}\",\"is_anonymous\":true,"
                        + "\"data\":{\"token\":\"t\"}}").save("anon", "id").values("is_anonymous", "data")
                .post("/block_documents/filter", byType).values("0.name", "0.data")
                .post("/block_documents/filter", "{\"block_types\":{\"slug\":{\"any_\":[\"${u}-vault\"]}},"
                        + "\"block_documents\":{\"is_anonymous\":{\"eq_\":true}},\"include_secrets\":true}").values("0.data")
                .post("/block_documents/count", byType).values("")
                .post("/block_documents/count", "{\"block_types\":{\"slug\":{\"any_\":[\"${u}-vault\"]}},"
                        + "\"block_documents\":{\"is_anonymous\":null}}").values("")
                .get("/block_types/slug/${u}-vault/block_documents").values("0.name")
                .get("/block_types/slug/${u}-vault/block_documents/name/prod?include_secrets=true").values("data")
                .post("/block_types/", "{\"name\":\"${u} App\",\"slug\":\"${u}-app\"}").save("at", "id")
                .post("/block_schemas/", "{\"block_type_id\":\"${at}\",\"fields\":{\"title\":\"App\",\"type\":\"object\","
                        + "\"properties\":{\"vault\":{\"$ref\":\"#/definitions/Vault\"},\"port\":{\"type\":\"integer\"}},"
                        + "\"block_schema_references\":{\"vault\":{\"block_type_slug\":\"${u}-vault\",\"block_schema_checksum\":"
                        + "\"${checksum}\"}},\"definitions\":{\"Vault\":" + VAULT_FIELDS + "}}}").save("as", "id")
                .values("fields.definitions.Vault", "fields.properties") // its checksum covers the side's slug
                .get("/block_schemas/${as}").values("fields.definitions.Vault", "fields.properties",
                        "fields.block_schema_references.vault.block_schema_checksum")
                .post("/block_documents/", "{\"name\":\"app\",\"block_type_id\":\"${at}\",\"block_schema_id\":\"${as}\","
                        + "\"data\":{\"port\":8080,\"vault\":{\"$ref\":{\"block_document_id\":\"${doc}\"}}}}").save("app", "id")
                .values("data", "block_document_references.vault.block_document.name")
                .get("/block_documents/${app}?include_secrets=true").values("data")
                .patch("/block_documents/${doc}", "{\"data\":{\"loop\":{\"$ref\":{\"block_document_id\":\"${app}\"}}}}")
                .post("/block_documents/", "{\"name\":\"bad\",\"block_type_id\":\"${at}\",\"block_schema_id\":\"${as}\","
                        + "\"data\":{\"vault\":{\"$ref\":{}}}}")
                .step("PUT", "/admin/storage", "{\"default_result_storage_block_id\":\"${app}\"}")
                .step("PUT", "/admin/storage", "{\"default_result_storage_block_id\":\"${doc}\"}")
                .get("/admin/storage")
                .delete("/admin/storage")
                .get("/admin/storage").values("default_result_storage_block_id")
                .step("PUT", "/admin/storage", "{\"default_result_storage_block_id\":\"${doc}\"}")
                .delete("/block_documents/${doc}")
                .get("/admin/storage").values("default_result_storage_block_id")
                .get("/block_documents/${app}").values("data", "block_document_references")
                .delete("/block_documents/${doc}")
                .delete("/block_schemas/${vs}")
                .get("/block_documents/${anon}")
                .delete("/block_types/${at}")
                .get("/block_documents/${app}")
                .delete("/block_types/${vt}")
                .get("/block_types/${vt}");
    }

    static Scenario invalidBlocks() {
        return new Scenario("blocks: invalid input")
                .post("/block_types/", "{}")
                .post("/block_types/", "{\"name\":\"a/b\",\"slug\":\"${u}-a\"}")
                .post("/block_types/", "{\"name\":\"${u}\",\"slug\":\"Bad_Slug\"}")
                .post("/block_types/", "{\"name\":\"Prefect ${u}\",\"slug\":\"${u}-p\"}")
                .post("/block_types/", "{\"name\":\"${u}\",\"slug\":\"${u}-x\",\"is_protected\":true}")
                .get("/block_types/" + MISSING)
                .get("/block_types/slug/${u}-none")
                .patch("/block_types/" + MISSING, "{}")
                .delete("/block_types/" + MISSING)
                .post("/block_types/filter", "{\"block_types\":{\"operator\":\"or_\"}}")
                .post("/block_types/filter", "{\"limit\":-1}")
                .post("/block_schemas/", "{}")
                .post("/block_schemas/", "{\"block_type_id\":\"" + MISSING + "\"}")
                .post("/block_schemas/", "{\"block_type_id\":\"x\",\"fields\":[]}")
                .get("/block_schemas/" + MISSING)
                .delete("/block_schemas/" + MISSING)
                .get("/block_schemas/checksum/sha256:none")
                .post("/block_schemas/filter", "{\"block_schemas\":{\"version\":{\"any_\":\"x\"}}}")
                .post("/block_documents/", "{}")
                .post("/block_documents/", "{\"name\":\"Bad Name\",\"block_type_id\":\"" + MISSING + "\",\"block_schema_id\":\""
                        + MISSING + "\"}")
                .post("/block_documents/", "{\"is_anonymous\":true,\"block_type_id\":1}")
                .get("/block_documents/" + MISSING)
                .get("/block_documents/" + MISSING + "?include_secrets=maybe")
                .patch("/block_documents/" + MISSING, "{}")
                .patch("/block_documents/" + MISSING, "{\"merge_existing_data\":\"perhaps\"}")
                .delete("/block_documents/" + MISSING)
                .post("/block_documents/filter", "{\"sort\":\"NOPE\"}")
                .post("/block_documents/filter", "{\"offset\":-1}")
                .post("/block_documents/count", "{\"block_documents\":{\"name\":{\"any_\":[1]}}}")
                .get("/block_types/slug/${u}-none/block_documents")
                .get("/block_types/slug/${u}-none/block_documents/name/x")
                .step("PUT", "/admin/storage", "{}")
                .step("PUT", "/admin/storage", "{\"default_result_storage_block_id\":\"" + MISSING + "\"}");
    }

    /** An automation named {@code ${u}-<name>}: a reactive trigger on failed flow runs of flow ${u}, running {@code action}. */
    private static String automation(String name, String action) {
        return "{\"name\":\"${u}-" + name + "\",\"tags\":[\"${u}\"],\"trigger\":{\"type\":\"event\",\"posture\":\"Reactive\","
                + "\"expect\":[\"prefect.flow-run.Failed\"],\"match_related\":{\"prefect.resource.id\":\"prefect.flow.${u}\"},"
                + "\"threshold\":2,\"within\":\"PT1M\"},\"actions\":[" + action + "]}";
    }

    static Scenario automations() {
        String mine = "{\"automations\":{\"tags\":{\"all_\":[\"${u}\"]}}}";
        return new Scenario("automations")
                .post("/automations/", automation("a", "{\"type\":\"run-deployment\",\"deployment_id\":\"" + MISSING + "\"}"))
                .save("a", "id").values("description", "enabled", "trigger.type", "trigger.expect", "trigger.posture",
                        "trigger.threshold", "trigger.within", "actions", "actions_on_trigger")
                .post("/automations/", "{\"name\":\"${u}-b\",\"owner_resource\":\"prefect.deployment.${u}\",\"tags\":[\"${u}\"],"
                        + "\"trigger\":{\"type\":\"compound\",\"require\":\"any\",\"within\":null,\"triggers\":["
                        + "{\"posture\":\"Proactive\",\"expect\":[\"x.${u}\"]},{\"type\":\"sequence\",\"within\":30,\"triggers\":[]}]},"
                        + "\"actions\":[{\"type\":\"pause-work-pool\",\"source\":\"inferred\"},{\"type\":\"change-flow-run-state\","
                        + "\"state\":\"FAILED\"},{\"type\":\"call-webhook\",\"block_document_id\":\"" + MISSING + "\",\"payload\":\"hi\"}]}")
                .save("b", "id").values("trigger.require", "trigger.within", "trigger.triggers.0.within", "trigger.triggers.1.within",
                        "actions")
                .get("/automations/${a}").values("trigger.type", "trigger.within")
                .post("/automations/filter", mine).values("0.trigger.type", "1.trigger.type")
                .post("/automations/filter", "{\"automations\":{\"tags\":{\"all_\":[\"${u}\"]},\"name\":{\"any_\":[\"${u}-b\"]}},"
                        + "\"sort\":\"NAME_DESC\"}").values("0.trigger.type")
                .post("/automations/count", mine).values("")
                .get("/automations/related-to/prefect.deployment." + MISSING + "?x=${u}").statusOnly()
                .get("/automations/related-to/prefect.deployment.${u}").values("0.trigger.type")
                .patch("/automations/${a}", "{\"enabled\":false}")
                .get("/automations/${a}").values("enabled")
                .step("PUT", "/automations/${a}", automation("a2", "{\"type\":\"do-nothing\"}"))
                .get("/automations/${a}").values("enabled", "actions")
                .delete("/automations/owned-by/prefect.deployment.${u}")
                .get("/automations/${b}")
                .post("/automations/count", mine).values("")
                .delete("/automations/${a}")
                .delete("/automations/${a}")
                .get("/automations/${a}")
                .patch("/automations/${a}", "{\"enabled\":true}")
                .step("PUT", "/automations/${a}", automation("a3", "{\"type\":\"do-nothing\"}"));
    }

    static Scenario invalidAutomations() {
        String trigger = "\"trigger\":{\"posture\":\"Reactive\"}";
        return new Scenario("automations: invalid input")
                .post("/automations/", "{}")
                .post("/automations/", "{\"name\":\"${u}\",\"trigger\":{\"type\":\"event\"},\"actions\":[]}")
                .post("/automations/", "{\"name\":\"${u}\",\"trigger\":{\"posture\":\"Proactive\",\"within\":5},\"actions\":[]}")
                .post("/automations/", "{\"name\":\"${u}\",\"trigger\":{\"posture\":\"Reactive\",\"threshold\":\"x\",\"match\":{\"a\":1}},\"actions\":[]}")
                .post("/automations/", "{\"name\":\"${u}\",\"trigger\":{\"type\":\"compound\",\"require\":5,\"within\":null,"
                        + "\"triggers\":[]},\"actions\":[]}")
                .post("/automations/", "{\"name\":\"${u}\",\"trigger\":{\"posture\":\"Reactive\",\"match_related\":5},\"actions\":[]}")
                .post("/automations/", "{\"name\":\"${u}\"," + trigger + ",\"actions\":[{\"type\":\"bogus\"}]}")
                .post("/automations/", "{\"name\":\"${u}\"," + trigger + ",\"actions\":[{\"type\":\"pause-deployment\"}]}")
                .post("/automations/", "{\"name\":\"${u}\"," + trigger + ",\"actions\":[{\"type\":\"pause-work-queue\","
                        + "\"source\":\"inferred\",\"work_queue_id\":\"" + MISSING + "\"}]}")
                .post("/automations/", "{\"name\":\"${u}\"," + trigger + ",\"actions\":[{\"type\":\"change-flow-run-state\",\"state\":\"NOPE\"}]}")
                .post("/automations/", "{\"name\":\"${u}\",\"trigger\":{\"posture\":\"Reactive\",\"expect\":[\"prefect.flow-run.*\"]},"
                        + "\"actions\":[{\"type\":\"run-deployment\",\"source\":\"inferred\"}]}")
                .post("/automations/", "{\"name\":\"${u}\"," + trigger + ",\"actions\":[],\"extra\":1}")
                .patch("/automations/" + MISSING, "{\"enabled\":\"maybe\"}")
                .patch("/automations/" + MISSING, "{\"name\":\"x\"}")
                .get("/automations/not-a-uuid")
                .post("/automations/filter", "{\"sort\":\"NOPE\",\"offset\":-1}")
                .post("/automations/count", "{\"automations\":{\"id\":{\"any_\":[\"nope\"]}}}");
    }

    static Scenario globalConcurrencyLimits() {
        String limit = "/v2/concurrency_limits/";
        String db = "{\"names\":[\"${u}-db\"],\"slots\":";
        return new Scenario("global concurrency limits: CRUD, slots, leases")
                .post(limit, "{\"name\":\"${u}-db\",\"limit\":2}").save("limit", "id")
                .values("limit", "active", "active_slots", "denied_slots", "slot_decay_per_second", "avg_slot_occupancy_seconds")
                .post(limit, "{\"name\":\"${u}-db\",\"limit\":1}")
                .get(limit + "${limit}").values("limit", "active", "active_slots", "slot_decay_per_second")
                .get(limit + "${u}-db").values("limit")
                .patch(limit + "${u}-db", "{\"limit\":3}")
                .patch(limit + "${limit}", "{\"active_slots\":null}")
                .get(limit + "${limit}").values("limit", "active_slots")
                .post(limit + "increment", db + "2}").values("0.limit")
                .post(limit + "increment", db + "1}")
                .post(limit + "increment", db + "1}")
                .get(limit + "${u}-db").values("active_slots")
                .post(limit + "decrement", "{\"names\":[\"${u}-db\",\"${u}-none\"],\"slots\":1,\"occupancy_seconds\":2.5}")
                .values("0.limit")
                .get(limit + "${u}-db").values("active_slots")
                .post(limit + "increment-with-lease", db + "1,\"lease_duration\":120,\"holder\":{\"type\":\"task_run\",\"id\":\""
                        + MISSING + "\"}}").save("lease", "lease_id").values("limits.0.limit")
                .post(limit + "leases/${lease}/renew", "{\"lease_duration\":300}")
                .get(limit + "${u}-db").values("active_slots")
                .post(limit + "decrement-with-lease", "{\"lease_id\":\"${lease}\"}")
                .post(limit + "decrement-with-lease", "{\"lease_id\":\"${lease}\"}")
                .post(limit + "leases/${lease}/renew", "{}")
                .get(limit + "${u}-db").values("active_slots")
                .post(limit + "increment", "{\"names\":[\"${u}-none\"],\"slots\":1}").values("")
                .post(limit + "increment-with-lease", "{\"names\":[\"${u}-none\"],\"slots\":1}").values("limits")
                .post(limit, "{\"name\":\"${u}-rate\",\"limit\":5,\"slot_decay_per_second\":0.5}")
                .values("limit", "slot_decay_per_second", "active_slots")
                .post(limit + "increment", "{\"names\":[\"${u}-rate\"],\"slots\":5,\"mode\":\"rate_limit\"}")
                .post(limit + "increment", db + "1,\"mode\":\"rate_limit\"}")
                .post(limit + "increment", db + "9}").values("detail")
                .patch(limit + "${u}-db", "{\"active\":false}")
                .post(limit + "increment", db + "9}")
                .get(limit + "${u}-db").values("active", "active_slots")
                .post(limit + "filter", "{}")
                .post(limit + "filter", "{\"limit\":1,\"offset\":1}")
                .delete(limit + "${u}-rate")
                .delete(limit + "${limit}")
                .get(limit + "${limit}").values("detail")
                .delete(limit + "${limit}");
    }

    static Scenario invalidGlobalConcurrencyLimits() {
        String limit = "/v2/concurrency_limits/";
        return new Scenario("global concurrency limits: invalid input")
                .post(limit, "{}")
                .post(limit, "{\"name\":\"a/b\",\"limit\":1}")
                .post(limit, "{\"name\":\"${u}-x\",\"limit\":-1,\"slot_decay_per_second\":-1,\"extra\":1}")
                .patch(limit + MISSING, "{\"limit\":1}")
                .patch(limit + "${u}-nope", "{\"limit\":-2,\"denied_slots\":-1}")
                .post(limit + "increment", "{\"names\":[],\"slots\":0}")
                .post(limit + "increment", "{\"slots\":1}")
                .post(limit + "increment", "{\"names\":[\"x\"],\"slots\":1,\"mode\":\"nope\"}")
                .post(limit + "increment-with-lease", "{\"names\":[\"x\"],\"slots\":1,\"lease_duration\":10}")
                .post(limit + "increment-with-lease", "{\"names\":[\"x\"],\"slots\":1,\"lease_duration\":100000}")
                .post(limit + "increment-with-lease", "{\"names\":[\"x\"],\"slots\":1,\"holder\":{\"type\":\"robot\",\"id\":\"x\"}}")
                .post(limit + "decrement", "{\"names\":[\"x\"],\"slots\":1,\"occupancy_seconds\":0}")
                .post(limit + "decrement", "{\"names\":[\"x\"],\"slots\":1,\"create_if_missing\":null}")
                .post(limit + "decrement-with-lease", "{}")
                .post(limit + "decrement-with-lease", "{\"lease_id\":\"nope\"}")
                .post(limit + "decrement-with-lease", "{\"lease_id\":\"" + MISSING + "\"}")
                .post(limit + "leases/nope/renew", "{}")
                .post(limit + "leases/" + MISSING + "/renew", "{\"lease_duration\":5}")
                .post(limit + "leases/" + MISSING + "/renew", "{}")
                .post(limit + "filter", "{\"limit\":-1}")
                .post(limit + "filter", "{\"offset\":-1}");
    }

    static Scenario tagConcurrencyLimits() {
        String other = "11111111-1111-4111-8111-111111111111";
        return new Scenario("tag concurrency limits")
                .post("/concurrency_limits/", "{\"tag\":\"${u}-db\",\"concurrency_limit\":1}").save("tag", "id")
                .values("concurrency_limit", "active_slots")
                .post("/concurrency_limits/", "{\"tag\":\"${u}-db\",\"concurrency_limit\":2}").values("concurrency_limit")
                .get("/concurrency_limits/${tag}").values("concurrency_limit", "active_slots")
                .get("/concurrency_limits/tag/${u}-db").values("concurrency_limit")
                .get("/v2/concurrency_limits/tag:${u}-db").values("limit")
                .post("/concurrency_limits/increment", "{\"names\":[\"${u}-db\",\"${u}-free\"],\"task_run_id\":\"" + MISSING + "\"}")
                .values("0.limit")
                .get("/concurrency_limits/tag/${u}-db").values("active_slots")
                .post("/concurrency_limits/increment", "{\"names\":[\"${u}-db\"],\"task_run_id\":\"" + other + "\"}")
                .post("/concurrency_limits/increment", "{\"names\":[\"${u}-db\"],\"task_run_id\":\"" + MISSING + "\"}")
                .post("/concurrency_limits/decrement", "{\"names\":[\"${u}-db\"],\"task_run_id\":\"" + MISSING + "\"}")
                .values("0.limit")
                .get("/concurrency_limits/tag/${u}-db").values("active_slots")
                .post("/concurrency_limits/tag/${u}-db/reset", "{\"slot_override\":[\"" + MISSING + "\"]}").values("")
                .get("/concurrency_limits/tag/${u}-db").values("active_slots")
                .get("/v2/concurrency_limits/tag:${u}-db").values("active_slots")
                .post("/concurrency_limits/filter", "{}")
                .post("/concurrency_limits/", "{\"tag\":\"${u}-zero\",\"concurrency_limit\":0}").save("zero", "id")
                .post("/concurrency_limits/increment", "{\"names\":[\"${u}-zero\"],\"task_run_id\":\"" + MISSING + "\"}")
                .delete("/concurrency_limits/tag/${u}-db").values("")
                .delete("/concurrency_limits/${zero}")
                .get("/concurrency_limits/${zero}").values("detail")
                .delete("/concurrency_limits/tag/${u}-db")
                .post("/concurrency_limits/tag/${u}-db/reset", "{}")
                .post("/concurrency_limits/", "{\"tag\":\"${u}-x\"}")
                .post("/concurrency_limits/increment", "{\"names\":[\"a\"]}")
                .get("/concurrency_limits/not-a-uuid")
                .post("/concurrency_limits/filter", "{\"limit\":-1}");
    }
}
