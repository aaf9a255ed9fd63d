package dev.jprefect.internal.engine;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Run logs on the console in one line each, as Prefect prints them:
 * {@code 14:03:07.123 | INFO    | prefect.flow_runs - Flow run 'calm-narwhal' - Finished in state Completed()}.
 *
 * <p>Run logs go to the {@link System.Logger}s {@code prefect.flow_runs} and
 * {@code prefect.task_runs}. When nobody has configured where they go, that is the JDK's default
 * backend, {@code java.util.logging}, whose default format takes two lines and names the calling
 * class (an internal one of jprefect). So, and only when the {@code System.Logger} backend is the
 * JDK's own, no {@code java.util.logging.config.file} or {@code java.util.logging.config.class} is
 * set, and the {@code java.util.logging} logger {@code prefect} has no handler of its own, this
 * gives that logger a handler that writes each record in one line to the current
 * {@code System.err}, and stops its records from also reaching the root logger's handlers. With
 * SLF4J's or Log4j's {@code System.Logger} bridge, or a logging configuration of the application's,
 * nothing is installed and run logs go where that configuration says.
 */
final class RunLogConsole {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    /** The logger the handler is on; held here so that {@code java.util.logging} does not forget it. */
    private static volatile Logger configured;

    private RunLogConsole() {
    }

    /** Installs the one-line console handler if nothing else decides where run logs go; once. */
    static synchronized void installIfUnconfigured() {
        if (configured != null || System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null || !jdkBackend()) {
            return;
        }
        Logger prefect = Logger.getLogger("prefect");
        if (prefect.getHandlers().length == 0) {
            prefect.addHandler(new OneLineHandler());
            prefect.setUseParentHandlers(false);
        }
        configured = prefect;
    }

    /** True if {@code System.getLogger} is served by the JDK (java.util.logging), not by a bridge. */
    private static boolean jdkBackend() {
        String module = System.LoggerFinder.getLoggerFinder().getClass().getModule().getName();
        return "java.base".equals(module) || "java.logging".equals(module);
    }

    /** Returns {@code record} in one line (then the lines of its throwable's trace, if any). */
    static String format(LogRecord record) {
        StringBuilder line = new StringBuilder()
                .append(TIME.format(Instant.ofEpochMilli(record.getMillis()).atZone(ZoneId.systemDefault())))
                .append(" | ").append(String.format("%-7s", levelName(record.getLevel())))
                .append(" | ").append(record.getLoggerName())
                .append(" - ").append(record.getMessage());
        if (record.getThrown() != null) {
            java.io.StringWriter trace = new java.io.StringWriter();
            record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
            line.append(System.lineSeparator()).append(trace.toString().stripTrailing());
        }
        return line.toString();
    }

    /** Prefect's (Python's) name of a level. */
    private static String levelName(Level level) {
        int value = level.intValue();
        return value >= Level.SEVERE.intValue() ? "ERROR"
                : value >= Level.WARNING.intValue() ? "WARNING"
                : value >= Level.INFO.intValue() ? "INFO" : "DEBUG";
    }

    /** Writes records to whatever {@code System.err} is when they are published. */
    private static final class OneLineHandler extends Handler {
        OneLineHandler() {
            setLevel(Level.ALL);
        }

        @Override
        public void publish(LogRecord record) {
            if (isLoggable(record)) {
                PrintStream err = System.err;
                err.println(format(record));
                err.flush();
            }
        }

        @Override
        public void flush() {
            System.err.flush();
        }

        @Override
        public void close() {
            // System.err is not ours to close
        }
    }
}
