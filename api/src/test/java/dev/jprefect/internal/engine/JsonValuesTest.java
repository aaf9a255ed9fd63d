package dev.jprefect.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a run's input becomes named parameters and JSON values. */
class JsonValuesTest {

    /** A record's components are parameters by name. */
    public record Params(String source, int limit, List<String> tags) {
    }

    @Test
    void aRecordsComponentsAreItsParameters() {
        assertThat(JsonValues.parameters(new Params("s3://bucket", 10, List.of("a"))))
                .containsExactly(Map.entry("source", "s3://bucket"), Map.entry("limit", 10L),
                        Map.entry("tags", List.of("a")));
    }

    @Test
    void aMapsStringKeysAreItsParametersAndAnythingElseIsTheInput() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("day", "2024-06-01");
        map.put("n", 3);
        assertThat(JsonValues.parameters(map)).containsExactly(Map.entry("day", "2024-06-01"), Map.entry("n", 3L));
        assertThat(JsonValues.parameters(List.of(1, 2))).containsExactly(Map.entry("input", List.of(1L, 2L)));
        assertThat(JsonValues.parameters(Map.of(1, "x"))).containsOnlyKeys("input");
        assertThat(JsonValues.parameters(null)).containsOnlyKeys("input").containsValue(null);
    }

    @Test
    void theWarningForARecordJprefectCannotReadGivesTheLineToAdd() {
        // a type of a named module (java.base), standing for a record in a package not opened to jprefect
        assertThat(JsonValues.closedRecordMessage(Thread.State.class))
                .contains("cannot read the components of record java.lang.Thread$State")
                .contains("one parameter 'input' in its string form")
                .endsWith("add 'opens java.lang to dev.jprefect.api;' to the module-info.java of module java.base");
        record Local(int n) {
        }
        assertThat(JsonValues.closedRecordMessage(Local.class)).endsWith(Local.class.getModule().isNamed()
                ? "of module " + Local.class.getModule().getName()
                : "make the record and its enclosing classes public");
    }

    @Test
    void aValueThatCannotBeEncodedIsRecordedByItsStringForm() {
        Object opaque = new Object() {
            @Override
            public String toString() {
                return "opaque";
            }
        };
        assertThat(JsonValues.encode(opaque)).isEqualTo("opaque");
        assertThat(JsonValues.encode(Thread.currentThread())).isEqualTo(Thread.currentThread().toString());
        assertThat(JsonValues.parameters(Map.of("x", opaque))).containsExactly(Map.entry("x", "opaque"));
    }

    @Test
    void onlyValuesWithTheirOwnIdentityAreTracked() {
        assertThat(Lineage.trackable(null)).isFalse();
        assertThat(Lineage.trackable(true)).isFalse();
        assertThat(Lineage.trackable(7)).isFalse();
        assertThat(Lineage.trackable(100_000)).isTrue();
        assertThat(Lineage.trackable("")).isFalse();
        assertThat(Lineage.trackable(List.of(1))).isTrue();
        Lineage lineage = new Lineage();
        List<String> produced = List.of(new String("a"), new String("b"));
        java.util.UUID id = java.util.UUID.randomUUID();
        lineage.link(produced, id);
        assertThat(lineage.producersOf(produced)).containsExactly(id);
        assertThat(lineage.producersOf(List.of(produced.get(1)))).containsExactly(id);
        assertThat(lineage.producersOf(new String("a"))).isEmpty();
    }
}
