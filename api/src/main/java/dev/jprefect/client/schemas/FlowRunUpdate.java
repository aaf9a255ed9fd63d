package dev.jprefect.client.schemas;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code PATCH /flow_runs/{id}}, Prefect's {@code FlowRunUpdate}: only the non-null
 * components are sent, and only those change.
 *
 * <pre>{@code
 * client.updateFlowRun(id, FlowRunUpdate.empty().withName("renamed"));
 * }</pre>
 *
 * @param name a new name, or null
 * @param flowVersion a new flow version, or null
 * @param parameters new parameters, or null
 * @param empiricalPolicy a new retry policy, or null
 * @param tags new tags, or null
 * @param infrastructurePid a new infrastructure pid, or null
 * @param jobVariables new job variables, or null
 */
public record FlowRunUpdate(
        String name,
        String flowVersion,
        Map<String, Object> parameters,
        FlowRunPolicy empiricalPolicy,
        List<String> tags,
        String infrastructurePid,
        Map<String, Object> jobVariables) {

    private static final FlowRunUpdate EMPTY = new FlowRunUpdate(null, null, null, null, null, null, null);

    /** Copies the collections, keeping null (unchanged) as null. */
    public FlowRunUpdate {
        parameters = Copies.mapOrNull(parameters);
        tags = Copies.listOrNull(tags);
        jobVariables = Copies.mapOrNull(jobVariables);
    }

    /** Returns an update that changes nothing. */
    public static FlowRunUpdate empty() {
        return EMPTY;
    }

    /** Returns a copy that sets the name. */
    public FlowRunUpdate withName(String value) {
        return new FlowRunUpdate(value, flowVersion, parameters, empiricalPolicy, tags, infrastructurePid, jobVariables);
    }

    /** Returns a copy that sets the flow version. */
    public FlowRunUpdate withFlowVersion(String value) {
        return new FlowRunUpdate(name, value, parameters, empiricalPolicy, tags, infrastructurePid, jobVariables);
    }

    /** Returns a copy that sets the parameters. */
    public FlowRunUpdate withParameters(Map<String, Object> value) {
        return new FlowRunUpdate(name, flowVersion, value, empiricalPolicy, tags, infrastructurePid, jobVariables);
    }

    /** Returns a copy that sets the retry policy. */
    public FlowRunUpdate withEmpiricalPolicy(FlowRunPolicy value) {
        return new FlowRunUpdate(name, flowVersion, parameters, value, tags, infrastructurePid, jobVariables);
    }

    /** Returns a copy that sets the tags. */
    public FlowRunUpdate withTags(List<String> value) {
        return new FlowRunUpdate(name, flowVersion, parameters, empiricalPolicy, value, infrastructurePid, jobVariables);
    }

    /** Returns a copy that sets the infrastructure pid. */
    public FlowRunUpdate withInfrastructurePid(String value) {
        return new FlowRunUpdate(name, flowVersion, parameters, empiricalPolicy, tags, value, jobVariables);
    }
}
