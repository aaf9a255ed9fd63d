package dev.jprefect.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.schemas.Flow;
import dev.jprefect.client.schemas.FlowCreate;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.FlowRunCreate;
import dev.jprefect.harness.PrefectTestHarness.Mode;
import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Mode#PREFECT_SERVER}: the real Prefect server the build provisioned, started as a child
 * process. One real server start for the whole class (it takes seconds); the failure tests start
 * none.
 */
@SuppressWarnings("try") // scopes opened for their effect on the thread
class PrefectServerModeTest {

    /** Generous: a real server starts in 5 to 30 s on a busy 2-core machine. */
    static final Duration STARTUP = Duration.ofSeconds(180);

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void runs_the_real_server_with_per_session_runs_and_leaves_no_process_or_file_after_close() throws IOException {
        String command = ReferencePrefect.command();
        Set<Long> childrenBefore = children();
        Path home;
        ProcessHandle server;
        try (PrefectTestHarness harness = PrefectTestHarness.builder().mode(Mode.PREFECT_SERVER)
                .setting(PrefectTestHarness.PREFECT_COMMAND_SETTING, command).startupTimeout(STARTUP).start()) {
            assertThat(harness.mode()).isEqualTo(Mode.PREFECT_SERVER);
            assertThat(harness.apiUrl().toString()).startsWith("http://127.0.0.1:").endsWith("/api");
            assertThat(Settings.current().get(Setting.API_URL)).contains(harness.apiUrl());
            // the real thing answers, with the pinned version
            assertThat(harness.client().serverVersion()).isEqualTo(ReferencePrefect.version());

            List<ProcessHandle> started = ProcessHandle.current().children()
                    .filter(p -> !childrenBefore.contains(p.pid())).collect(Collectors.toList());
            assertThat(started).hasSize(1);
            server = started.get(0);
            home = Files.readSymbolicLink(Path.of("/proc", String.valueOf(server.pid()), "cwd"));
            assertThat(home.getFileName().toString()).startsWith("jprefect-prefect-home-");
            assertThat(home.resolve("server.log")).exists();

            // a client built from the settings reports to the real server, attributed to the harness's session
            FlowRun mine;
            try (PrefectClient fromSettings = PrefectClient.create()) {
                mine = createRun(fromSettings, "etl");
            }
            FlowRun theirs;
            try (HarnessSession other = harness.openSession("other")) {
                theirs = createRun(other.client(), "other-etl");
                assertThat(other.runs().flowRuns()).extracting(FlowRun::id).containsExactly(theirs.id());
            }
            assertThat(harness.session().runs().flowRuns()).extracting(FlowRun::id).containsExactly(mine.id());
            assertThat(harness.runs().flowRuns()).extracting(FlowRun::id).containsExactlyInAnyOrder(mine.id(), theirs.id());
        }
        // close() stopped the whole tree and deleted the temporary PREFECT_HOME
        assertThat(server.isAlive()).isFalse();
        assertThat(ProcessHandle.current().descendants().filter(p -> !childrenBefore.contains(p.pid())))
                .as("processes left by the real Prefect server").isEmpty();
        assertThat(home).doesNotExist();
    }

    @Test
    void a_command_that_is_not_there_fails_start_up_naming_it() {
        assertThatThrownBy(() -> PrefectTestHarness.builder().mode(Mode.PREFECT_SERVER)
                .setting(PrefectTestHarness.PREFECT_COMMAND_SETTING, "/nonexistent/prefect").startDetached())
                .isInstanceOf(HarnessStartupException.class)
                .hasMessageContaining("`/nonexistent/prefect server start --host 127.0.0.1")
                .hasMessageContaining("PREFECT_TESTING_PREFECT_COMMAND");
    }

    @Test
    void a_server_that_exits_fails_start_up_with_the_command_and_the_last_lines_of_its_log() throws IOException {
        Path script = Files.createTempFile("fake-prefect", ".sh");
        try {
            Files.writeString(script, "#!/bin/sh\necho \"no database at $PREFECT_HOME\"\nexit 3\n");
            assertThat(script.toFile().setExecutable(true)).isTrue();
            Set<Path> homesBefore = homes();
            assertThatThrownBy(() -> PrefectTestHarness.builder().mode(Mode.PREFECT_SERVER)
                    .setting(PrefectTestHarness.PREFECT_COMMAND_SETTING, script.toString()).startDetached())
                    .isInstanceOf(HarnessStartupException.class)
                    .hasMessageContaining("`" + script + " server start")
                    .hasMessageContaining("exited with status 3")
                    .hasMessageContaining("no database at " + System.getProperty("java.io.tmpdir"));
            assertThat(homes()).as("temporary PREFECT_HOMEs left").isSubsetOf(homesBefore);
        } finally {
            Files.delete(script);
        }
    }

    @Test
    void time_skipping_is_refused_as_the_real_server_keeps_its_own_clock() {
        assertThatThrownBy(() -> PrefectTestHarness.builder().mode(Mode.PREFECT_SERVER).timeSkipping(true).startDetached())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("time skipping");
    }

    private static FlowRun createRun(PrefectClient client, String flowName) {
        Flow flow = client.createFlow(FlowCreate.of(flowName));
        return client.createFlowRun(FlowRunCreate.of(flow.id()));
    }

    private static Set<Long> children() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** The temporary PREFECT_HOMEs in the temporary folder now (other builds may make their own). */
    private static Set<Path> homes() throws IOException {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("jprefect-prefect-home-"))
                    .collect(Collectors.toSet());
        }
    }
}
