package dev.jprefect.cli;

import dev.jprefect.cli.internal.Cli;
import dev.jprefect.cli.internal.JvmLifecycle;

/**
 * The {@code jprefect} command: {@code jprefect server start [--host HOST] [--port PORT]} serves
 * the embedded Prefect-compatible API until the process is stopped; {@code jprefect --help} lists
 * the commands. The launcher {@code bin/jprefect} runs it from the module path:
 *
 * <pre>{@code
 * java -p cli/target/jprefect-cli-0.1.0-SNAPSHOT.jar:cli/target/lib -m dev.jprefect.cli/dev.jprefect.cli.Main server start
 * }</pre>
 *
 * <p>Exit codes: 0 on success (a server stopped by Ctrl-C or SIGTERM included), 1 when the command
 * failed (e.g. the port is in use), 2 for a wrong command line.
 */
public final class Main {
    private Main() {
    }

    /** Runs the command line {@code args}. */
    public static void main(String[] args) {
        int code = Cli.run(args, System.out, System.err, new JvmLifecycle());
        if (code != 0) {
            System.exit(code);
        }
    }
}
