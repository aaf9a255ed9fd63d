package dev.jprefect.internal.engine;

import dev.jprefect.RunLogger;
import dev.jprefect.client.schemas.LogCreate;
import dev.jprefect.settings.InvalidSettingException;
import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A run's logger: records at or above {@code PREFECT_LOGGING_LEVEL} go to the {@link System.Logger}
 * of the same name and, when sending to the API is on, to the client's {@link LogShipper}.
 */
final class RealRunLogger implements RunLogger {

    /** Prefect's logger names for flow run and task run records. */
    static final String FLOW_RUNS = "prefect.flow_runs";
    static final String TASK_RUNS = "prefect.task_runs";

    /** Python's logging levels, which {@code /logs/} records carry. */
    static final int DEBUG = 10;
    static final int INFO = 20;
    static final int WARNING = 30;
    static final int ERROR = 40;
    static {
        RunLogConsole.installIfUnconfigured();
    }

    /** The console side of run logs, looked up once: {@code System.getLogger} walks the stack. */
    private static final System.Logger FLOW_RUNS_CONSOLE = System.getLogger(FLOW_RUNS);
    private static final System.Logger TASK_RUNS_CONSOLE = System.getLogger(TASK_RUNS);

    private static final Map<String, Integer> LEVELS = Map.of("DEBUG", DEBUG, "INFO", INFO, "WARNING", WARNING,
            "WARN", WARNING, "ERROR", ERROR, "CRITICAL", 50, "NOTSET", 0);

    private final String loggerName;
    private final String label;
    private final UUID flowRunId;
    private final UUID taskRunId;
    private final LogShipper shipper;
    private final int threshold;
    private final Environment environment;
    private final System.Logger console;

    private RealRunLogger(String loggerName, String label, UUID flowRunId, UUID taskRunId, Environment environment,
            boolean toApi, int threshold) {
        this.loggerName = loggerName;
        this.label = label;
        this.flowRunId = flowRunId;
        this.taskRunId = taskRunId;
        this.environment = environment;
        this.shipper = toApi ? environment.logs() : null;
        this.threshold = threshold;
        this.console = FLOW_RUNS.equals(loggerName) ? FLOW_RUNS_CONSOLE : TASK_RUNS_CONSOLE;
    }

    /** Returns the logger of a flow run. */
    static RealRunLogger forFlowRun(String runName, UUID flowRunId, Environment environment, Boolean logToApi,
            Settings settings) {
        return new RealRunLogger(FLOW_RUNS, "Flow run '" + runName + "' - ", flowRunId, null, environment,
                toApi(logToApi, settings), threshold(settings));
    }

    /** Returns the logger of a task run (in {@code flowRunId}, which may be null). */
    static RealRunLogger forTaskRun(String runName, UUID taskRunId, UUID flowRunId, Environment environment,
            Boolean logToApi, Settings settings) {
        return new RealRunLogger(TASK_RUNS, "Task run '" + runName + "' - ", flowRunId, taskRunId, environment,
                toApi(logToApi, settings), threshold(settings));
    }

    private static boolean toApi(Boolean option, Settings settings) {
        return settings.get(Setting.LOGGING_TO_API_ENABLED) && (option == null || option);
    }

    /** Returns the level of {@code PREFECT_LOGGING_LEVEL}: a Python level name or number. */
    static int threshold(Settings settings) {
        String text = settings.get(Setting.LOGGING_LEVEL).trim().toUpperCase(Locale.ROOT);
        Integer named = LEVELS.get(text);
        if (named != null) {
            return named;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(Setting.LOGGING_LEVEL.name(), text,
                    "a level: DEBUG, INFO, WARNING, ERROR, CRITICAL or a number");
        }
    }

    @Override
    public void debug(String message, Object... args) {
        log(DEBUG, message, args);
    }

    @Override
    public void info(String message, Object... args) {
        log(INFO, message, args);
    }

    @Override
    public void warning(String message, Object... args) {
        log(WARNING, message, args);
    }

    @Override
    public void error(String message, Object... args) {
        log(ERROR, message, args);
    }

    @Override
    public void error(String message, Throwable error) {
        StringWriter trace = new StringWriter();
        if (error != null) {
            error.printStackTrace(new PrintWriter(trace));
        }
        log(ERROR, error == null ? message : message + "\n" + trace, new Object[0]);
    }

    private void log(int level, String message, Object[] args) {
        if (level < threshold) {
            return;
        }
        String text = format(message, args);
        System.Logger.Level consoleLevel = level >= ERROR ? System.Logger.Level.ERROR
                : level >= WARNING ? System.Logger.Level.WARNING
                : level >= INFO ? System.Logger.Level.INFO : System.Logger.Level.DEBUG;
        if (console.isLoggable(consoleLevel)) {
            console.log(consoleLevel, label + text);
        }
        if (shipper != null) {
            shipper.add(new LogCreate(loggerName, level, text,
                    environment.sleeper().now().atOffset(ZoneOffset.UTC), flowRunId, taskRunId));
        }
    }

    private static String format(String message, Object[] args) {
        String text = String.valueOf(message);
        if (args == null || args.length == 0) {
            return text;
        }
        try {
            return String.format(Locale.ROOT, text, args);
        } catch (java.util.IllegalFormatException e) {
            return text + " " + java.util.Arrays.toString(args); // never lose a record to a bad pattern
        }
    }
}
