package dev.jprefect.cli.internal;

import dev.jprefect.FlowRunExecution;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientBuilder;
import dev.jprefect.client.PrefectClientException;
import dev.jprefect.client.ObjectNotFoundException;
import dev.jprefect.client.schemas.Deployment;
import dev.jprefect.client.schemas.DeploymentFlowRunCreate;
import dev.jprefect.client.schemas.DeploymentQuery;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.FlowRunQuery;
import dev.jprefect.client.schemas.FlowRunSort;
import dev.jprefect.client.schemas.JsonCodec;
import dev.jprefect.client.schemas.OrchestrationResult;
import dev.jprefect.client.schemas.SetStateStatus;
import dev.jprefect.client.schemas.StateCreate;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.settings.InvalidSettingException;
import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The commands that talk to a Prefect API as a client, in the spirit of Prefect's CLI:
 * {@code flow-run ls|inspect|cancel|execute} and {@code deployment ls|inspect|run} against the server the
 * settings name ({@code PREFECT_API_URL}, with its key or auth string; any Prefect 3 server), and
 * {@code config view}.
 */
final class ClientCommands {

    static final String FLOW_RUN_HELP = String.join("\n",
            "Usage: jprefect flow-run <command>",
            "",
            "Commands (against the API at PREFECT_API_URL):",
            "  ls [--limit N]   List flow runs, the latest expected start first (default 15)",
            "  inspect ID       Print a flow run as JSON",
            "  cancel ID        Ask the server to cancel a flow run (state Cancelling)",
            "  execute [ID]     Run a flow run a deployment made, finding its Java flow by the",
            "                   deployment's entrypoint (ID defaults to PREFECT__FLOW_RUN_ID)",
            "");

    static final String DEPLOYMENT_HELP = String.join("\n",
            "Usage: jprefect deployment <command>",
            "",
            "Commands (against the API at PREFECT_API_URL):",
            "  ls [--limit N]                 List deployments by flow and name (default 200)",
            "  inspect FLOW/DEPLOYMENT|ID     Print a deployment as JSON",
            "  run FLOW/DEPLOYMENT|ID [--param KEY=VALUE]... [--params JSON]",
            "                                 Create a flow run of the deployment: its default",
            "                                 parameters, overridden by --params (a JSON object), then",
            "                                 by each --param (VALUE read as JSON, else as text)",
            "");

    static final String CONFIG_HELP = String.join("\n",
            "Usage: jprefect config view [--show-secrets]",
            "",
            "Prints the settings that are set, from overrides, system properties, environment",
            "variables, .env, prefect.toml and the active profile of profiles.toml; secrets masked.",
            "");

    private ClientCommands() {
    }

    /** {@code flow-run ...}: {@code args} are the words after {@code flow-run}. */
    static int flowRun(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || Cli.isHelp(args.get(0))) {
            (args.isEmpty() ? err : out).print(FLOW_RUN_HELP);
            return args.isEmpty() ? Cli.USAGE : Cli.OK;
        }
        String command = "jprefect flow-run " + args.get(0);
        switch (args.get(0)) {
            case "ls": {
                int limit = 15;
                if (args.size() == 3 && args.get(1).equals("--limit") && args.get(2).matches("\\d{1,6}")
                        && Integer.parseInt(args.get(2)) > 0) {
                    limit = Integer.parseInt(args.get(2));
                } else if (args.size() != 1) {
                    return Cli.usageError(err, command, "expected no argument or --limit N (N at least 1)",
                            "jprefect flow-run --help");
                }
                int n = limit;
                return withClient(command, err, client -> {
                    List<FlowRun> runs = client.readFlowRuns(FlowRunQuery.all()
                            .withSort(FlowRunSort.EXPECTED_START_TIME_DESC).withLimit(n));
                    out.println(table(runs));
                    return Cli.OK;
                });
            }
            case "execute": {
                String id = args.size() == 2 ? args.get(1) : System.getenv(FlowRunExecution.FLOW_RUN_ID_VARIABLE);
                if (args.size() > 2 || id == null) {
                    return Cli.usageError(err, command, "expected one flow run ID (or "
                            + FlowRunExecution.FLOW_RUN_ID_VARIABLE + " set)", "jprefect flow-run --help");
                }
                UUID runId;
                try {
                    runId = UUID.fromString(id);
                } catch (IllegalArgumentException e) {
                    return Cli.usageError(err, command, "'" + id + "' is not a flow run ID (a UUID)",
                            "jprefect flow-run --help");
                }
                return withClient(command, err, client -> {
                    StateType end = FlowRunExecution.execute(client, runId, ClassLoader.getSystemClassLoader());
                    out.println("Flow run '" + runId + "' finished in state " + end);
                    return end == StateType.COMPLETED ? Cli.OK : Cli.FAILED;
                });
            }
            case "inspect":
            case "cancel": {
                if (args.size() != 2) {
                    return Cli.usageError(err, command, "expected one flow run ID", "jprefect flow-run --help");
                }
                UUID id;
                try {
                    id = UUID.fromString(args.get(1));
                } catch (IllegalArgumentException e) {
                    return Cli.usageError(err, command, "'" + args.get(1) + "' is not a flow run ID (a UUID)",
                            "jprefect flow-run --help");
                }
                return args.get(0).equals("inspect")
                        ? withClient(command, err, client -> {
                            out.println(JsonCodec.standard().toJson(client.readFlowRun(id)));
                            return Cli.OK;
                        })
                        : withClient(command, err, client -> cancel(client, id, out, err));
            }
            default:
                return Cli.usageError(err, "jprefect flow-run", "unknown command '" + args.get(0) + "'",
                        "jprefect flow-run --help");
        }
    }

    /** {@code deployment ...}: {@code args} are the words after {@code deployment}. */
    static int deployment(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || Cli.isHelp(args.get(0))) {
            (args.isEmpty() ? err : out).print(DEPLOYMENT_HELP);
            return args.isEmpty() ? Cli.USAGE : Cli.OK;
        }
        String command = "jprefect deployment " + args.get(0);
        switch (args.get(0)) {
            case "ls": {
                int limit = 200;
                if (args.size() == 3 && args.get(1).equals("--limit") && args.get(2).matches("\\d{1,6}")
                        && Integer.parseInt(args.get(2)) > 0) {
                    limit = Integer.parseInt(args.get(2));
                } else if (args.size() != 1) {
                    return Cli.usageError(err, command, "expected no argument or --limit N (N at least 1)",
                            "jprefect deployment --help");
                }
                int n = limit;
                return withClient(command, err, client -> {
                    out.println(deploymentTable(client, client.readDeployments(DeploymentQuery.of(null).withLimit(n))));
                    return Cli.OK;
                });
            }
            case "inspect": {
                if (args.size() != 2) {
                    return Cli.usageError(err, command, "expected one deployment, FLOW/DEPLOYMENT or ID",
                            "jprefect deployment --help");
                }
                return withClient(command, err, client -> {
                    out.println(JsonCodec.standard().toIndentedJson(deploymentNamed(client, args.get(1))));
                    return Cli.OK;
                });
            }
            case "run": {
                if (args.size() < 2 || args.get(1).startsWith("--")) {
                    return Cli.usageError(err, command, "expected the deployment, FLOW/DEPLOYMENT or ID, first",
                            "jprefect deployment --help");
                }
                Map<String, Object> parameters = new LinkedHashMap<>();
                for (int i = 2; i < args.size(); i += 2) {
                    String option = args.get(i);
                    if (i + 1 >= args.size() || !(option.equals("--param") || option.equals("--params"))) {
                        return Cli.usageError(err, command, "expected --param KEY=VALUE or --params JSON, got '"
                                + option + "'", "jprefect deployment --help");
                    }
                    String value = args.get(i + 1);
                    if (option.equals("--params")) {
                        Object object = json(value);
                        if (!(object instanceof Map)) {
                            return Cli.usageError(err, command, "--params must be a JSON object, got '" + value + "'",
                                    "jprefect deployment --help");
                        }
                        ((Map<?, ?>) object).forEach((k, v) -> parameters.put(String.valueOf(k), v));
                    } else if (value.indexOf('=') < 1) {
                        return Cli.usageError(err, command, "--param must be KEY=VALUE, got '" + value + "'",
                                "jprefect deployment --help");
                    }
                }
                // each --param after every --params, as Prefect's CLI applies them
                for (int i = 2; i < args.size(); i += 2) {
                    if (args.get(i).equals("--param")) {
                        String pair = args.get(i + 1);
                        String text = pair.substring(pair.indexOf('=') + 1);
                        Object parsed = json(text);
                        parameters.put(pair.substring(0, pair.indexOf('=')), parsed == NOT_JSON ? text : parsed);
                    }
                }
                return withClient(command, err, client -> run(client, args.get(1), parameters, out));
            }
            default:
                return Cli.usageError(err, "jprefect deployment", "unknown command '" + args.get(0) + "'",
                        "jprefect deployment --help");
        }
    }

    private static final Object NOT_JSON = new Object();

    /** Returns {@code text} read as JSON, or {@link #NOT_JSON}. */
    private static Object json(String text) {
        try {
            return JsonCodec.standard().fromJson(text, Object.class);
        } catch (IllegalArgumentException e) {
            return NOT_JSON;
        }
    }

    /** The deployment a command line names: an ID, or {@code FLOW/DEPLOYMENT} as Prefect's CLI takes it. */
    private static Deployment deploymentNamed(PrefectClient client, String name) {
        try {
            return client.readDeployment(UUID.fromString(name));
        } catch (IllegalArgumentException notAnId) {
            int slash = name.indexOf('/');
            if (slash < 1 || slash == name.length() - 1) {
                throw new IllegalArgumentException("'" + name + "' is neither a deployment ID nor FLOW/DEPLOYMENT");
            }
            return client.readDeploymentByName(name.substring(0, slash), name.substring(slash + 1));
        }
    }

    private static int run(PrefectClient client, String name, Map<String, Object> parameters, PrintStream out) {
        Deployment deployment = deploymentNamed(client, name);
        String flowName = client.readFlow(deployment.flowId()).name();
        out.println("Creating flow run for deployment '" + flowName + "/" + deployment.name() + "'...");
        // the server lays these over the deployment's defaults, as Prefect's does
        FlowRun run = client.createFlowRunFromDeployment(deployment.id(),
                parameters.isEmpty() ? DeploymentFlowRunCreate.defaults() : DeploymentFlowRunCreate.ofParameters(parameters));
        out.println("Created flow run '" + run.name() + "'.");
        out.println("└── UUID: " + run.id());
        out.println("└── Parameters: " + JsonCodec.standard().toJson(run.parameters()));
        out.println("└── State: " + (run.stateName() != null ? run.stateName() : run.stateType()));
        out.println("└── Scheduled start time: " + run.expectedStartTime());
        return Cli.OK;
    }

    /** The columns Prefect's {@code deployment ls} shows: FLOW/DEPLOYMENT, ID, work pool; sorted by name. */
    private static String deploymentTable(PrefectClient client, List<Deployment> deployments) {
        Map<UUID, String> flowNames = new HashMap<>();
        List<String[]> rows = new ArrayList<>();
        for (Deployment d : deployments) {
            String flow = flowNames.computeIfAbsent(d.flowId(), id -> client.readFlow(id).name());
            rows.add(new String[] {flow + "/" + d.name(), String.valueOf(d.id()),
                    d.workPoolName() == null ? "" : d.workPoolName()});
        }
        rows.sort(Comparator.comparing((String[] row) -> row[0]));
        rows.add(0, new String[] {"Name", "ID", "Work Pool"});
        return columns(rows);
    }

    private static int cancel(PrefectClient client, UUID id, PrintStream out, PrintStream err) {
        OrchestrationResult result = client.setFlowRunState(id, StateCreate.of(StateType.CANCELLING), false);
        if (result.status() == SetStateStatus.ACCEPT) {
            out.println("Flow run '" + id + "' was successfully scheduled for cancellation.");
            return Cli.OK;
        }
        String reason = result.details() == null ? null : result.details().reason();
        err.println("Flow run '" + id + "' was unable to be cancelled. Reason: '" + reason + "'");
        return Cli.FAILED;
    }

    /** The columns Prefect's {@code flow-run ls} shows: ID, flow run name, state, when. */
    private static String table(List<FlowRun> runs) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "Name", "State", "When"});
        for (FlowRun run : runs) {
            Object when = run.startTime() != null ? run.startTime() : run.expectedStartTime();
            rows.add(new String[] {String.valueOf(run.id()), String.valueOf(run.name()),
                    run.stateName() != null ? run.stateName() : String.valueOf(run.stateType()),
                    when == null ? "" : when.toString()});
        }
        return columns(rows);
    }

    /** Returns {@code rows} as text columns, each as wide as its widest cell, two spaces apart. */
    private static String columns(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                text.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            text.append('\n');
        }
        return text.toString().stripTrailing();
    }

    /** {@code config view}: every setting of the catalogue that has a value, masked if secret. */
    static int configView(List<String> args, PrintStream out, PrintStream err) {
        boolean showSecrets = false;
        for (String arg : args) {
            if (Cli.isHelp(arg)) {
                out.print(CONFIG_HELP);
                return Cli.OK;
            } else if (arg.equals("--show-secrets")) {
                showSecrets = true;
            } else {
                return Cli.usageError(err, "jprefect config view", "unknown option '" + arg + "'",
                        "jprefect config --help");
            }
        }
        Settings settings = Settings.current();
        settings.raw("PREFECT_PROFILE").ifPresent(p -> out.println("PREFECT_PROFILE='" + p + "'"));
        for (Setting<?> setting : catalogue()) {
            Optional<String> text = settings.text(setting);
            if (text.isPresent()) {
                out.println(setting.name() + "='" + (setting.isSecret() && !showSecrets ? "********" : text.get()) + "'");
            }
        }
        return Cli.OK;
    }

    /** The settings declared in {@link Setting}, in declaration order. */
    static List<Setting<?>> catalogue() {
        List<Setting<?>> settings = new ArrayList<>();
        for (Field field : Setting.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == Setting.class) {
                try {
                    settings.add((Setting<?>) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("a public constant of Setting is not readable: " + field, e);
                }
            }
        }
        return settings;
    }

    /** A command's work with a client. */
    private interface WithClient {
        int run(PrefectClient client);
    }

    /** Runs {@code work} with a client made from the current settings; API failures become exit code 1. */
    private static int withClient(String command, PrintStream err, WithClient work) {
        try (PrefectClient client = PrefectClientBuilder.create().settings(Settings.current()).build()) {
            return work.run(client);
        } catch (InvalidSettingException e) {
            err.println(command + ": " + e.getMessage());
            return Cli.USAGE;
        } catch (ObjectNotFoundException e) {
            err.println(command + ": not found: " + e.getMessage());
            return Cli.FAILED;
        } catch (PrefectClientException e) {
            err.println(command + ": " + e.getMessage());
            return Cli.FAILED;
        } catch (IllegalArgumentException e) {
            err.println(command + ": " + e.getMessage());
            return Cli.USAGE;
        }
    }
}
