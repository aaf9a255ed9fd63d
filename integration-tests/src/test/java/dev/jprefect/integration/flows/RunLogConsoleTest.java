package dev.jprefect.integration.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.Flow;
import dev.jprefect.Flows;
import dev.jprefect.RunState;
import dev.jprefect.Task;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientBuilder;
import dev.jprefect.integration.Via;
import dev.jprefect.server.PrefectServer;
import dev.jprefect.settings.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Run logs on the console as the JDK's logging prints them when nobody configured it: one line per
 * record in Prefect's format, under Prefect's logger names, and a failure's stack trace once.
 */
@SuppressWarnings("try") // the client scope is held for its effect, not referenced
class RunLogConsoleTest {

    @Test
    void aTaskFailureInAFlowPrintsOneLineRecordsAndItsStackTraceOnce() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream before = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try (Via.Served served = Via.IN_MEMORY.serve(PrefectServer.builder().settings(Settings.isolated(Map.of())).build());
                PrefectClient client = PrefectClientBuilder.create()
                        .settings(Settings.isolated(Map.of("PREFECT_API_URL", served.apiUrl().toString()))).build();
                Flows.ClientScope scope = Flows.using(client)) {
            Task<String, Integer> parse = Task.of("parse-quantity", (String s) -> Integer.parseInt(s));
            Flow<String, Integer> flow = Flow.of("console-format", (String s) -> parse.call(s));

            RunState<Integer> state = flow.callForState("twelve");

            assertThat(state.isCompleted()).isFalse();
        } finally {
            System.setErr(before);
        }
        String console = err.toString(StandardCharsets.UTF_8);

        assertThat(console).containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\| ERROR   \\| prefect\\.task_runs - "
                + "Task run 'parse-quantity-[^']+' - Task run failed with exception: NumberFormatException")
                .containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\| ERROR   \\| prefect\\.flow_runs - "
                        + "Flow run '[^']+' - Flow run failed with exception: TaskRunException")
                .doesNotContain("RunLoggerImpl")
                .doesNotContain("SEVERE:");
        assertThat(count(console, "java.lang.NumberFormatException: For input string")).as("the stack trace, printed once")
                .isEqualTo(1);
    }

    private static int count(String text, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
