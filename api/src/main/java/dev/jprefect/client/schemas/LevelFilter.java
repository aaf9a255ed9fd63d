package dev.jprefect.client.schemas;

/**
 * A criterion on the level of logs ({@code LogFilterLevel}): {@code ge_} and {@code le_}.
 *
 * @param ge matches levels greater than or equal to this, or null
 * @param le matches levels less than or equal to this, or null
 */
public record LevelFilter(Integer ge, Integer le) {

    /** Matches levels of at least {@code level}, e.g. 30 for warnings and above. */
    public static LevelFilter atLeast(int level) {
        return new LevelFilter(level, null);
    }
}
