package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.internal.json.Json;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.Row;
import dev.jprefect.server.internal.storage.RowCodec;
import dev.jprefect.server.internal.storage.StateRow;
import dev.jprefect.server.internal.storage.StateType;
import dev.jprefect.server.internal.storage.TableSpec;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Rows as a durable store keeps them: written as JSON and read back field for field. */
class RowCodecTest {

    @Test
    void aRunWithItsStateReadsBackAsWrittenAtEveryPrecisionAndRangeOfTime() {
        List<Instant> times = List.of(Instant.EPOCH, Instant.parse("2026-01-02T03:04:05Z"),
                Instant.parse("2026-01-02T03:04:05.120Z"), Instant.parse("2026-01-02T03:04:05.123456Z"),
                Instant.parse("2026-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59.500Z"), Instant.MIN, Instant.MAX);
        for (Instant t : times) {
            FlowRunRow run = new FlowRunRow();
            run.id = UUID.randomUUID();
            run.created = t;
            run.updated = t;
            run.name = "run";
            run.tags = List.of("a", "b");
            run.runCount = 3;
            run.autoScheduled = true;
            run.totalRunTime = Duration.ofMillis(1500);
            run.parameters = object("{\"n\":1,\"x\":1.5,\"big\":123456789012345678901234567890,\"list\":[true,null,\"s\"]}");
            StateRow state = new StateRow();
            state.id = UUID.randomUUID();
            state.runId = run.id;
            state.type = StateType.FAILED;
            state.name = "Failed";
            state.timestamp = t;
            state.data = Json.parse("[1,{\"k\":\"v\"}]");
            state.details.flowRunId = run.id;
            run.state = state;

            String written = RowCodec.write(run);
            FlowRunRow back = RowCodec.read(FlowRunRow.class, written);
            assertThat(back.created).as(written).isEqualTo(t);
            assertThat(back.state.timestamp).isEqualTo(t);
            assertThat(back.parameters).isEqualTo(run.parameters);
            assertThat(back.state.data).isEqualTo(state.data);
            assertThat(back.state.type).isEqualTo(StateType.FAILED);
            assertThat(RowCodec.write(back)).isEqualTo(written);
        }
    }

    /**
     * Every row class that declares a table (found in the storage package, so a new one is checked
     * without being named here) is stored and read back field for field with a value in each of
     * its fields: a durable store keeps any table without mapping code only if this holds.
     */
    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void everyDeclaredRowTypeReadsBackAsWrittenWithEveryFieldSet() throws Exception {
        Path dir = Path.of(RowCodec.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(RowCodec.class.getPackageName().replace('.', '/'));
        List<Class<?>> rowTypes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".class") && !name.contains("$")) {
                    Class<?> type = Class.forName(RowCodec.class.getPackageName() + "." + name.replace(".class", ""));
                    if (Row.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers())
                            && Arrays.stream(type.getFields()).anyMatch(f -> f.getType() == TableSpec.class)) {
                        rowTypes.add(type);
                    }
                }
            }
        }
        assertThat(rowTypes).contains(FlowRunRow.class, StateRow.class);
        for (Class<?> type : rowTypes) {
            Object row = filled(type);
            String written = RowCodec.write((Row<?>) row);
            Object back = read(type, written);
            assertSameFields(type.getSimpleName(), row, back, written);
            assertThat(RowCodec.write((Row<?>) back)).isEqualTo(written);
            Object loaded = RowCodec.reader().read((Class) type, written.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertSameFields(type.getSimpleName(), row, loaded, written);
        }
    }

    /**
     * A load's reader keeps one instance of equal values across the rows it reads (a run's flow,
     * its times, its state's name, its tags) and within a row (the run's id in its state), and
     * reads what was written; the plain read shares nothing.
     */
    @Test
    void aLoadsReaderKeepsEqualValuesOnceAndReadsWhatWasWritten() {
        UUID flow = UUID.randomUUID();
        Instant t = Instant.parse("2026-01-02T03:04:05.123456Z");
        RowCodec.Reader reader = RowCodec.reader();
        List<FlowRunRow> back = new ArrayList<>();
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            FlowRunRow run = new FlowRunRow();
            run.id = UUID.randomUUID();
            run.flowId = flow;
            run.created = t;
            run.updated = t;
            run.expectedStartTime = t;
            run.name = "run-" + i;
            run.tags = List.of("nightly", "sales");
            StateRow state = new StateRow();
            state.id = UUID.randomUUID();
            state.runId = run.id;
            state.type = StateType.COMPLETED;
            state.name = "Completed";
            state.timestamp = t;
            state.details.flowRunId = run.id;
            run.state = state;
            written.add(RowCodec.write(run));
            back.add(i == 0 ? reader.read(FlowRunRow.class, written.get(i))
                    : reader.read(FlowRunRow.class, written.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < 3; i++) {
            FlowRunRow run = back.get(i);
            assertThat(RowCodec.write(run)).isEqualTo(written.get(i));
            assertThat(run.flowId).isSameAs(back.get(0).flowId);
            assertThat(run.created).isSameAs(back.get(0).created).isSameAs(run.updated).isSameAs(run.state.timestamp);
            assertThat(run.tags).isSameAs(back.get(0).tags);
            assertThat(run.state.name).isSameAs(back.get(0).state.name);
            assertThat(run.state.runId).isSameAs(run.id).isSameAs(run.state.details.flowRunId);
            assertThat(run.totalRunTime).isSameAs(back.get(0).totalRunTime);
        }
        FlowRunRow alone = RowCodec.read(FlowRunRow.class, written.get(0));
        FlowRunRow again = RowCodec.read(FlowRunRow.class, written.get(1));
        assertThat(alone.flowId).isEqualTo(again.flowId).isNotSameAs(again.flowId);
    }

    /** Text with quotes, escapes, control characters and characters beyond ASCII (one beyond 16 bits) reads back as written. */
    @Test
    void textWithEscapesAndUnicodeReadsBackAsWritten() {
        String text = "a \"quoted\" back\\slash/ new\nline\ttab \u0001 \u00e9t\u00e9 \u2028 \ud83d\ude80 \u4e2d";
        FlowRunRow run = new FlowRunRow();
        run.id = UUID.randomUUID();
        run.name = text;
        run.tags = List.of(text, "\u00e9");
        run.parameters = object("{\"k\\\"ey\":\"v\\u00e9\"}");
        String written = RowCodec.write(run);
        for (FlowRunRow back : List.of(RowCodec.read(FlowRunRow.class, written), RowCodec.reader().read(FlowRunRow.class, written))) {
            assertThat(back.name).isEqualTo(text);
            assertThat(back.tags).isEqualTo(run.tags);
            assertThat(back.parameters).isEqualTo(run.parameters);
            assertThat(back.id).isEqualTo(run.id);
        }
    }

    /** A row written by an older version, with a member this one no longer has, reads as if the member were not there. */
    @Test
    void aMemberNoLongerDeclaredIsSkipped() {
        String written = RowCodec.write(new FlowRunRow());
        String older = "{\"gone\":{\"a\":[1,2]}," + written.substring(1);
        assertThat(RowCodec.write(RowCodec.reader().read(FlowRunRow.class, older))).isEqualTo(written);
        assertThat(RowCodec.write(RowCodec.read(FlowRunRow.class, older))).isEqualTo(written);
    }

    /** Every public field of {@code back} equals {@code row}'s; nested objects of the package field by field. */
    private static void assertSameFields(String path, Object row, Object back, String written) throws Exception {
        for (Field f : row.getClass().getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            Object expected = f.get(row);
            Object actual = f.get(back);
            if (expected != null && expected.getClass().getPackage() == RowCodec.class.getPackage()
                    && !expected.getClass().isEnum()) {
                assertThat(actual).as("%s.%s from %s", path, f.getName(), written).isNotNull();
                assertSameFields(path + "." + f.getName(), expected, actual, written);
            } else {
                assertThat(actual).as("%s.%s from %s", path, f.getName(), written).isEqualTo(expected);
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object read(Class<?> type, String written) {
        return RowCodec.read((Class) type, written);
    }

    /** An instance of {@code type} with a value in every public field (nested rows of the package filled too). */
    private static Object filled(Class<?> type) throws Exception {
        Object o = type.getDeclaredConstructor().newInstance();
        for (Field f : type.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isFinal(f.getModifiers())) {
                f.set(o, sample(f.getType(), f.getName()));
            } else if (!Modifier.isStatic(f.getModifiers()) && f.getType().getPackage() == RowCodec.class.getPackage()) {
                Object nested = f.get(o); // a final nested object (a state's details): filled in place
                for (Field g : f.getType().getFields()) {
                    if (!Modifier.isStatic(g.getModifiers()) && !Modifier.isFinal(g.getModifiers())) {
                        g.set(nested, sample(g.getType(), g.getName()));
                    }
                }
            }
        }
        return o;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object sample(Class<?> type, String name) throws Exception {
        if (type == String.class) {
            return name + "-value";
        }
        if (type == UUID.class) {
            return UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (type == Instant.class) {
            return Instant.parse("2026-01-02T03:04:05.123456Z");
        }
        if (type == Duration.class) {
            return Duration.ofMillis(1500);
        }
        if (type == int.class || type == Integer.class) {
            return 7;
        }
        if (type == long.class || type == Long.class) {
            return 7L;
        }
        if (type == double.class || type == Double.class) {
            return 1.5;
        }
        if (type == boolean.class || type == Boolean.class) {
            return true;
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[type.getEnumConstants().length - 1];
        }
        if (type == List.class) {
            return List.of(name + "-element");
        }
        if (type == Map.class || type == Object.class) {
            return Map.of("key", name);
        }
        if (type.getPackage() == RowCodec.class.getPackage()) {
            return filled(type);
        }
        throw new AssertionError("a row field of type " + type.getName() + " (" + name + "): give it a stored form in RowCodec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String json) {
        return (Map<String, Object>) Json.parse(json);
    }
}
