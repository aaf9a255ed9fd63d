package dev.jprefect;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.internal.json.SchemaJson;
import dev.jprefect.client.schemas.Artifact;
import dev.jprefect.client.schemas.ArtifactCreate;
import dev.jprefect.client.schemas.ArtifactUpdate;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.TaskRun;
import dev.jprefect.internal.engine.Environments;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Publishes artifacts (markdown reports, tables, links, progress) from inside a flow or task run,
 * linked to that run, as Prefect's {@code create_markdown_artifact}, {@code create_table_artifact},
 * {@code create_link_artifact}, {@code create_progress_artifact} and {@code update_progress_artifact}.
 *
 * <p>Inside a run the artifact goes to the run's client and is linked to its flow run and, in a
 * task, its task run. Outside any run it goes, unlinked, to the client flows would report to (see
 * {@link Flows}); Prefect warns that this is deprecated. Read artifacts back with the client:
 * {@code readArtifact}, {@code readArtifacts}, {@code readLatestArtifact(key)}.
 *
 * <pre>{@code
 * Flow<Void, Void> report = Flow.of("report", () -> {
 *     UUID progress = Artifacts.createProgress(0, "load-progress", null);
 *     ...
 *     Artifacts.updateProgress(progress, 100, null);
 *     Artifacts.createMarkdown("# Done\n12 orders", "sales-report", "daily sales");
 *     return null;
 * });
 * }</pre>
 */
public final class Artifacts {

    /** What Prefect allows in a key: lowercase letters, digits and dashes. */
    private static final Pattern KEY = Pattern.compile("[a-z0-9-]+");

    private Artifacts() {
    }

    /**
     * Publishes {@code markdown} as a {@code markdown} artifact and returns its id.
     *
     * @param key the key (lowercase letters, digits and dashes), or null
     * @param description a markdown description, or null
     * @throws IllegalArgumentException if the key has other characters
     */
    public static UUID createMarkdown(String markdown, String key, String description) {
        return create("markdown", Objects.requireNonNull(markdown, "markdown"), key, description);
    }

    /**
     * Publishes {@code table} as a {@code table} artifact and returns its id. The table is a list of
     * rows as maps (column to value), a map of columns (name to list of values), or a list of rows as
     * lists; it is sent as JSON text, a NaN becoming null, as Prefect does.
     *
     * @throws IllegalArgumentException if the table has none of those shapes, or the key is bad
     */
    public static UUID createTable(Object table, String key, String description) {
        Objects.requireNonNull(table, "table");
        if (!(table instanceof List || table instanceof Map)) {
            throw new IllegalArgumentException("a table is a list of rows (maps or lists) or a map of columns, not "
                    + table.getClass().getName());
        }
        String json = SchemaJson.CODEC.toJsonWithNulls(withoutNaN(table));
        return create("table", json, key, description);
    }

    /**
     * Publishes a link as a {@code markdown} artifact ({@code [text](link)}, or {@code [link](link)}
     * without text) and returns its id.
     */
    public static UUID createLink(String link, String linkText, String key, String description) {
        Objects.requireNonNull(link, "link");
        String text = linkText == null || linkText.isEmpty() ? link : linkText;
        return create("markdown", "[" + text + "](" + link + ")", key, description);
    }

    /**
     * Publishes {@code progress} (a percentage) as a {@code progress} artifact and returns its id. A
     * value outside 0..100 is logged as a warning and taken as the nearest bound, as Prefect does.
     */
    public static UUID createProgress(double progress, String key, String description) {
        return create("progress", clamp(progress), key, description);
    }

    /**
     * Sets the progress artifact {@code artifactId} to {@code progress} (and its description, when
     * not null) and returns its id, as Prefect's {@code update_progress_artifact}.
     *
     * @throws dev.jprefect.client.ObjectNotFoundException if there is no such artifact
     */
    public static UUID updateProgress(UUID artifactId, double progress, String description) {
        Objects.requireNonNull(artifactId, "artifactId");
        client().updateArtifact(artifactId, new ArtifactUpdate(clamp(progress), description, null));
        return artifactId;
    }

    private static UUID create(String type, Object data, String key, String description) {
        if (key != null && !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("artifact key '" + key + "' must only contain lowercase letters,"
                    + " numbers, and dashes");
        }
        RunContext run = RunContext.find().orElse(null);
        UUID flowRunId = run == null ? null : run.flowRun().map(FlowRun::id).orElse(null);
        UUID taskRunId = run == null ? null : run.taskRun().map(TaskRun::id).orElse(null);
        Artifact created = client().createArtifact(new ArtifactCreate(key, type, description, data, null,
                flowRunId, taskRunId));
        return created.id();
    }

    private static PrefectClient client() {
        return RunContext.find().map(RunContext::client).orElseGet(Environments::client);
    }

    private static double clamp(double progress) {
        if (progress >= 0 && progress <= 100) {
            return progress;
        }
        double bounded = Double.isNaN(progress) ? 0 : Math.max(0, Math.min(100, progress));
        RunContext.find().ifPresent(run -> run.logger().warning(
                "ProgressArtifact received an invalid value, Progress: %s%%; interpreting as %s%% progress",
                progress, bounded));
        return bounded;
    }

    /** Returns {@code value} with every NaN inside it replaced by null (JSON has no NaN). */
    private static Object withoutNaN(Object value) {
        if (value instanceof Double && ((Double) value).isNaN() || value instanceof Float && ((Float) value).isNaN()) {
            return null;
        }
        if (value instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object item : (List<?>) value) {
                out.add(withoutNaN(item));
            }
            return out;
        }
        if (value instanceof Map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> out.put(k, withoutNaN(v)));
            return out;
        }
        return value;
    }
}
