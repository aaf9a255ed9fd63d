package dev.jprefect.cli.internal;

import dev.jprefect.FlowRunExecution;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientBuilder;
import dev.jprefect.client.PrefectClientException;
import dev.jprefect.client.ObjectNotFoundException;
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
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The commands that talk to a Prefect API as a client, in the spirit of Prefect's CLI:
 * {@code flow-run ls|inspect|cancel|execute} against the server the settings name ({@code PREFECT_API_URL},
 * with its key or auth string; any Prefect 3 server), and {@code config view}.
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
        int[] widths = new int[4];
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
        }
    }
}
