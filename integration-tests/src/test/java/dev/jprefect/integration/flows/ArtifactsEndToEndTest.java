package dev.jprefect.integration.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.Artifacts;
import dev.jprefect.Flow;
import dev.jprefect.RunState;
import dev.jprefect.Task;
import dev.jprefect.client.ObjectNotFoundException;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.schemas.Artifact;
import dev.jprefect.client.schemas.ArtifactCollection;
import dev.jprefect.client.schemas.ArtifactCollectionFilter;
import dev.jprefect.client.schemas.ArtifactCollectionQuery;
import dev.jprefect.client.schemas.ArtifactFilter;
import dev.jprefect.client.schemas.ArtifactQuery;
import dev.jprefect.client.schemas.IdFilter;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.client.schemas.StringFilter;
import dev.jprefect.harness.HarnessSession;
import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.PrefectTestHarness.Mode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Artifacts published from a flow run and a task run with {@link Artifacts}, read back with the
 * client's artifact calls, in both of the harness's modes on the embedded server.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@SuppressWarnings("try") // the harness scope is held for its effect: flows report to the harness's server
class ArtifactsEndToEndTest {

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"IN_PROCESS", "SERVER"})
    void aFlowAndItsTaskPublishArtifactsLinkedToTheirRunsAndReadThemBack(Mode mode) {
        try (PrefectTestHarness harness = PrefectTestHarness.start(mode);
             HarnessSession.Scope scope = harness.enter()) {
            Task<String, UUID> tabulate = Task.of("tabulate",
                    (String country) -> Artifacts.createTable(List.of(Map.of("country", country, "orders", 12)),
                            "orders-table", null));
            Flow<Void, List<UUID>> report = Flow.of("report", () -> {
                UUID markdown = Artifacts.createMarkdown("# Sales\n12 orders", "sales-report", "daily sales");
                UUID progress = Artifacts.createProgress(10, "load-progress", null);
                Artifacts.updateProgress(progress, 100, "loaded");
                UUID link = Artifacts.createLink("https://example.com/report", "the report", null, null);
                UUID table = tabulate.call("CH");
                return List.of(markdown, progress, link, table);
            });

            RunState<List<UUID>> state = report.callForState();
            PrefectClient client = harness.client();

            assertThat(state.type()).isEqualTo(StateType.COMPLETED);
            UUID run = state.runId();
            List<UUID> ids = state.result();
            Artifact markdown = client.readArtifact(ids.get(0));
            assertThat(markdown.type()).isEqualTo("markdown");
            assertThat(markdown.key()).isEqualTo("sales-report");
            assertThat(markdown.description()).isEqualTo("daily sales");
            assertThat(markdown.data()).isEqualTo("# Sales\n12 orders");
            assertThat(markdown.flowRunId()).isEqualTo(run);
            assertThat(markdown.taskRunId()).isNull();

            Artifact progress = client.readArtifact(ids.get(1));
            assertThat(progress.type()).isEqualTo("progress");
            assertThat(((Number) progress.data()).doubleValue()).isEqualTo(100.0);
            assertThat(progress.description()).isEqualTo("loaded");

            assertThat(client.readArtifact(ids.get(2)).data()).isEqualTo("[the report](https://example.com/report)");

            Artifact table = client.readArtifact(ids.get(3));
            assertThat(table.type()).isEqualTo("table");
            assertThat(table.flowRunId()).isEqualTo(run);
            assertThat(table.taskRunId()).as("published in the task run").isNotNull();
            assertThat((String) table.data()).contains("\"country\":\"CH\"").contains("\"orders\":12");

            ArtifactQuery ofTheRun = ArtifactQuery.of(ArtifactFilter.all().withFlowRunId(IdFilter.anyOf(run)));
            assertThat(client.readArtifacts(ofTheRun)).extracting(Artifact::id).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(client.countArtifacts(ofTheRun)).isEqualTo(4);

            // Prefect answers with the key's collection row: the latest version's content, the
            // collection's id (readLatestArtifacts gives the artifact's id as latest_id)
            assertThat(client.readLatestArtifact("sales-report")).hasValueSatisfying(latest -> {
                assertThat(latest.key()).isEqualTo("sales-report");
                assertThat(latest.data()).isEqualTo("# Sales\n12 orders");
                assertThat(latest.flowRunId()).isEqualTo(run);
            });
            assertThat(client.readLatestArtifact("no-such-key")).isEmpty();
            ArtifactCollectionQuery keyed = ArtifactCollectionQuery.of(
                    ArtifactCollectionFilter.all().withKey(StringFilter.anyOf("sales-report", "load-progress")));
            assertThat(client.readLatestArtifacts(keyed)).extracting(ArtifactCollection::latestId)
                    .containsExactlyInAnyOrder(ids.get(0), ids.get(1));
            assertThat(client.countLatestArtifacts(keyed)).isEqualTo(2);

            client.deleteArtifact(ids.get(2));
            assertThatThrownBy(() -> client.readArtifact(ids.get(2))).isInstanceOf(ObjectNotFoundException.class);
        }
    }
}
