package dev.jprefect;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.schemas.CronSchedule;
import dev.jprefect.client.schemas.Deployment;
import dev.jprefect.client.schemas.DeploymentCreate;
import dev.jprefect.client.schemas.DeploymentScheduleCreate;
import dev.jprefect.client.schemas.FlowCreate;
import dev.jprefect.client.schemas.IntervalSchedule;
import dev.jprefect.client.schemas.RRuleSchedule;
import dev.jprefect.client.schemas.Schedule;
import dev.jprefect.internal.engine.Environments;
import dev.jprefect.internal.engine.FlowParameters;
import dev.jprefect.internal.schedule.Cron;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A deployment of a flow, as Prefect's {@code flow.to_deployment(...)}: a name, schedules, default
 * parameters, tags, description, version and where the flow is found, made runnable from the API,
 * by its schedules, by a runner ({@code serve}) or by a work pool's workers.
 * {@link #register} creates or updates the flow and the deployment (idempotent by name), carrying
 * the JSON schema of the flow's parameters in Prefect's form.
 *
 * <p>Every {@code withX} method checks its input at once and returns a modified copy; an invalid
 * cron expression, an unknown time zone, parameters that do not fit the flow's parameter type or an
 * entrypoint that names no flow throw {@link IllegalArgumentException} naming the field and the
 * value, so nothing is registered from bad input.
 *
 * <pre>{@code
 * FlowDeployment nightly = FlowDeployment.of(fulfil, Order.class, "nightly")
 *         .withCron("0 2 * * *", "Europe/Paris")
 *         .withParameters(Map.of("customer", "ada", "quantity", 3))
 *         .withTags("etl");
 * Deployment registered = nightly.register(client);
 * }</pre>
 */
public final class FlowDeployment {
    private final Flow<?, ?> flow;
    private final FlowParameters parameterType;
    private final String name;
    private final String entrypoint;
    private final List<DeploymentScheduleCreate> schedules;
    private final Map<String, Object> parameters;
    private final List<String> tags;
    private final String description;
    private final String version;
    private final boolean paused;
    private final String workPoolName;
    private final String workQueueName;
    private final Map<String, Object> jobVariables;

    private FlowDeployment(Flow<?, ?> flow, FlowParameters parameterType, String name, String entrypoint,
            List<DeploymentScheduleCreate> schedules, Map<String, Object> parameters, List<String> tags,
            String description, String version, boolean paused, String workPoolName, String workQueueName,
            Map<String, Object> jobVariables) {
        this.flow = flow;
        this.parameterType = parameterType;
        this.name = name;
        this.entrypoint = entrypoint;
        this.schedules = List.copyOf(schedules);
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.tags = List.copyOf(tags);
        this.description = description;
        this.version = version;
        this.paused = paused;
        this.workPoolName = workPoolName;
        this.workQueueName = workQueueName;
        this.jobVariables = jobVariables;
    }

    /**
     * Returns the deployment {@code name} of {@code flow}, whose parameters are a {@code parameterType}
     * (a record, a {@code Map}, or one value).
     *
     * @throws IllegalArgumentException if the name is blank or a parameter's type has no JSON form
     */
    public static <P> FlowDeployment of(Flow<P, ?> flow, Class<P> parameterType, String name) {
        return of(flow, (Type) parameterType, name, null);
    }

    /** Returns the deployment {@code name} of {@code flow}, a flow without parameters. */
    public static FlowDeployment of(Flow<Void, ?> flow, String name) {
        return of(flow, Void.class, name, null);
    }

    /**
     * Returns the deployment {@code name} of the flow {@code entrypoint} names (see {@link Entrypoint}),
     * found with this class's loader; the entrypoint is registered, so workers and
     * {@code jprefect flow-run execute} can find the flow.
     *
     * @throws IllegalArgumentException naming the entrypoint if it names no flow
     */
    public static FlowDeployment fromEntrypoint(String entrypoint, String name) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Entrypoint found = Entrypoint.resolve(entrypoint, loader != null ? loader : FlowDeployment.class.getClassLoader());
        return of(found.flow(), found.parameterType(), name, entrypoint);
    }

    private static FlowDeployment of(Flow<?, ?> flow, Type parameterType, String name, String entrypoint) {
        Objects.requireNonNull(flow, "flow");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: \"" + name + "\" is blank");
        }
        return new FlowDeployment(flow, FlowParameters.of(parameterType), name, entrypoint, List.of(), Map.of(),
                List.of(), null, null, false, null, null, null);
    }

    /** Returns the deployment's name. */
    public String name() {
        return name;
    }

    /** Returns the flow it deploys. */
    public Flow<?, ?> flow() {
        return flow;
    }

    /** Returns the flow's parameter type. */
    public Type parameterType() {
        return parameterType.type();
    }

    /** Returns its schedules, in order. */
    public List<DeploymentScheduleCreate> schedules() {
        return schedules;
    }

    /** Returns its default parameters. */
    public Map<String, Object> parameters() {
        return parameters;
    }

    /** Returns a copy with one more active schedule: {@code cron} in {@code timezone} (null for UTC). */
    public FlowDeployment withCron(String cron, String timezone) {
        return withSchedule(DeploymentScheduleCreate.of(CronSchedule.of(cron, timezone)));
    }

    /** Returns a copy with one more active schedule: every {@code interval} from {@code anchor} (null for now). */
    public FlowDeployment withInterval(Duration interval, OffsetDateTime anchor) {
        return withSchedule(DeploymentScheduleCreate.of(IntervalSchedule.of(interval, anchor, null)));
    }

    /**
     * Returns a copy with one more schedule, active or not ({@link DeploymentScheduleCreate#withActive}).
     *
     * @throws IllegalArgumentException naming the schedule's field if its cron expression or time zone is invalid
     */
    public FlowDeployment withSchedule(DeploymentScheduleCreate schedule) {
        Objects.requireNonNull(schedule, "schedule");
        String field = "schedules[" + schedules.size() + "]";
        check(field, schedule.schedule());
        if (schedule.parameters() != null) {
            checkParameters(field + ".parameters", schedule.parameters());
        }
        List<DeploymentScheduleCreate> more = new ArrayList<>(schedules);
        more.add(schedule);
        return copy(more, parameters, tags, description, version, paused, entrypoint);
    }

    /**
     * Returns a copy with default parameters for its runs (some or all of the flow's); a run's own
     * parameters go over them.
     *
     * @throws IllegalArgumentException naming the parameter that is unknown or does not fit
     */
    public FlowDeployment withParameters(Map<String, Object> defaults) {
        checkParameters("parameters", defaults);
        return copy(schedules, defaults, tags, description, version, paused, entrypoint);
    }

    /** Returns a copy with these tags. */
    public FlowDeployment withTags(String... values) {
        return copy(schedules, parameters, Arrays.asList(values), description, version, paused, entrypoint);
    }

    /** Returns a copy with a description. */
    public FlowDeployment withDescription(String value) {
        return copy(schedules, parameters, tags, value, version, paused, entrypoint);
    }

    /** Returns a copy with a version. */
    public FlowDeployment withVersion(String value) {
        return copy(schedules, parameters, tags, description, value, paused, entrypoint);
    }

    /** Returns a copy that is registered paused (its schedules make no runs until resumed) or not. */
    public FlowDeployment withPaused(boolean value) {
        return copy(schedules, parameters, tags, description, version, value, entrypoint);
    }

    /**
     * Returns a copy with another entrypoint, checked to name a flow of the same name.
     *
     * @throws IllegalArgumentException naming the entrypoint if it names no flow, or another flow
     */
    public FlowDeployment withEntrypoint(String value) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Entrypoint found = Entrypoint.resolve(value, loader != null ? loader : FlowDeployment.class.getClassLoader());
        if (!found.flow().name().equals(flow.name())) {
            throw new IllegalArgumentException("entrypoint: \"" + value + "\" names the flow '" + found.flow().name()
                    + "', not '" + flow.name() + "'");
        }
        return copy(schedules, parameters, tags, description, version, paused, value);
    }

    /**
     * Returns a copy whose runs a work pool's workers start ({@code queue} may be null for the
     * pool's default queue), with job variables for the pool's job template (may be null).
     */
    public FlowDeployment withWorkPool(String pool, String queue, Map<String, Object> variables) {
        return new FlowDeployment(flow, parameterType, name, entrypoint, schedules, parameters, tags, description,
                version, paused, Objects.requireNonNull(pool, "pool"), queue, variables == null ? null : Map.copyOf(variables));
    }

    /** Returns the body that registers it under {@code flowId}. */
    DeploymentCreate toCreate(UUID flowId) {
        return DeploymentCreate.of(flowId, name)
                .withSchedules(schedules)
                .withParameters(parameters)
                .withParameterOpenapiSchema(parameterType.schema())
                .withTags(tags)
                .withDescription(description)
                .withVersion(version)
                .withPaused(paused)
                .withEntrypoint(entrypoint)
                .withWorkPoolName(workPoolName)
                .withWorkQueueName(workQueueName)
                .withJobVariables(jobVariables);
    }

    /**
     * Creates or updates the flow and this deployment on {@code client}'s server (Prefect's create
     * is an upsert by flow and name, which replaces the schedules) and returns it as registered.
     */
    public Deployment register(PrefectClient client) {
        Objects.requireNonNull(client, "client");
        var registered = client.createFlow(FlowCreate.of(flow.name()));
        return client.createDeployment(toCreate(registered.id()));
    }

    /** Registers it with the client flows report to (see {@link Flows}); see {@link #register(PrefectClient)}. */
    public Deployment register() {
        return register(Environments.client());
    }

    private FlowDeployment copy(List<DeploymentScheduleCreate> s, Map<String, Object> p, List<String> t, String d,
            String v, boolean paused, String e) {
        return new FlowDeployment(flow, parameterType, name, e, s, p, t, d, v, paused, workPoolName, workQueueName,
                jobVariables);
    }

    private void checkParameters(String field, Map<String, Object> values) {
        try {
            parameterType.check(values);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
        }
    }

    private static void check(String field, Schedule schedule) {
        if (schedule instanceof CronSchedule cron) {
            try {
                Cron.parse(cron.cron());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + ".cron: " + e.getMessage(), e);
            }
        } else if (schedule instanceof RRuleSchedule) {
            throw new IllegalArgumentException(field + ": RRule schedules are not supported by the SDK yet");
        }
        String zone = schedule.timezone();
        if (zone != null && !ZONES.contains(zone)) {
            throw new IllegalArgumentException(field + ".timezone: Invalid timezone: \"" + zone
                    + "\" (specify in IANA tzdata format, for example, America/New_York)");
        }
    }

    /** The IANA zone names, as Prefect checks a schedule's time zone against tzdata's. */
    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

    @Override
    public String toString() {
        return "FlowDeployment(" + flow.name() + "/" + name + ")";
    }
}
