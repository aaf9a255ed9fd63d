package dev.jprefect.internal.schedule;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A cron expression as Prefect reads it (its vendored croniter): five fields (minute, hour,
 * day of month, month, day of week), optionally a sixth (second) and seventh (year); numbers,
 * names ({@code jan}, {@code mon}), {@code *} and {@code ?}, ranges, steps and lists; {@code L}
 * (last day of the month, or {@code L5} the month's last Friday) and {@code #} ({@code 1#2}, its
 * second Monday); the macros {@code @yearly}, {@code @annually}, {@code @monthly},
 * {@code @weekly}, {@code @daily}, {@code @midnight}, {@code @hourly}. Croniter's random and
 * hashed forms ({@code R}, {@code H}) are refused, as Prefect does.
 *
 * <p>{@link #parse} says precisely what is wrong; {@link #next} gives the fire times, combining a
 * restricted day of month and day of week with "or" ({@code dayOr}, croniter's default) or "and".
 */
public final class Cron {

    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
        "nov", "dec"};
    private static final String[] DAYS = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
    /** How far ahead {@link #next} looks before it says there is no fire time (e.g. Feb 30). */
    private static final int MAX_YEARS_AHEAD = 30;

    private final String expression;
    private final BitSet seconds;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final boolean lastDayOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    /** {@code L5}: the month's last such weekday (bits 0-6). */
    private final BitSet lastWeekdays;
    /** {@code 1#2}: bit {@code weekday * 8 + n}. */
    private final BitSet nthWeekdays;
    private final BitSet years;
    private final boolean domRestricted;
    private final boolean dowRestricted;

    private Cron(String expression, String[] f) {
        this.expression = expression;
        minutes = new Field("minute", 0, 59, null).parse(f[0]);
        hours = new Field("hour", 0, 23, null).parse(f[1]);
        String dom = f[2];
        lastDayOfMonth = dom.equalsIgnoreCase("L") || dom.toUpperCase(Locale.ROOT).contains(",L");
        daysOfMonth = new Field("day of month", 1, 31, null).parse(stripLast(dom));
        months = new Field("month", 1, 12, MONTHS).parse(f[3]);
        lastWeekdays = new BitSet(7);
        nthWeekdays = new BitSet(64);
        daysOfWeek = parseDaysOfWeek(f[4]);
        seconds = f.length > 5 ? new Field("second", 0, 59, null).parse(f[5]) : single(0);
        years = f.length > 6 ? new Field("year", 1970, 2099, null).parse(f[6]) : null;
        domRestricted = !isAny(dom);
        dowRestricted = !isAny(f[4]);
    }

    /**
     * Parses {@code expression}.
     *
     * @throws IllegalArgumentException naming the expression and what is wrong with it
     */
    public static Cron parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("Invalid cron string: \"" + expression + "\" (empty)");
        }
        String trimmed = expression.trim();
        String[] fields = MACROS.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed).split("\\s+");
        for (String field : fields) {
            if (field.equalsIgnoreCase("R") || field.equalsIgnoreCase("H")) {
                throw new IllegalArgumentException("Random and Hashed expressions are unsupported, received: \""
                        + expression + "\"");
            }
        }
        if (fields.length < 5 || fields.length > 7) {
            throw new IllegalArgumentException("Invalid cron string: \"" + expression + "\" (" + fields.length
                    + " fields; expected 5: minute hour day-of-month month day-of-week, optionally second and year)");
        }
        try {
            return new Cron(expression, fields);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid cron string: \"" + expression + "\" (" + e.getMessage() + ")", e);
        }
    }

    /** Returns true if {@code expression} parses. */
    public static boolean isValid(String expression) {
        try {
            parse(expression);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Returns the expression as given. */
    public String expression() {
        return expression;
    }

    /**
     * Returns the first fire time strictly after {@code after}, in its zone (a local time that a
     * daylight-saving gap skips fires at the gap's end), or empty if there is none within
     * {@value #MAX_YEARS_AHEAD} years (e.g. {@code 0 0 30 2 *}).
     *
     * @param dayOr whether a restricted day of month and day of week combine with "or" (croniter's
     *     default) or "and"
     */
    public Optional<ZonedDateTime> next(ZonedDateTime after, boolean dayOr) {
        LocalDateTime wall = after.toLocalDateTime();
        while (true) { // each turn moves to a later wall time; an overlap's earlier offset may lie before after
            Optional<LocalDateTime> local = nextWallTime(wall, dayOr);
            if (local.isEmpty()) {
                return Optional.empty();
            }
            ZonedDateTime zoned = ZonedDateTime.ofLocal(local.get(), after.getZone(), null);
            if (zoned.isAfter(after)) {
                return Optional.of(zoned);
            }
            wall = local.get();
        }
    }

    /**
     * Returns the first wall-clock time (to the second) strictly after {@code after} that the
     * expression matches, with no time zone: the fire times croniter walks before a zone places
     * them. Empty if there is none within {@value #MAX_YEARS_AHEAD} years.
     *
     * @param dayOr as for {@link #next}
     */
    public Optional<LocalDateTime> nextWallTime(LocalDateTime after, boolean dayOr) {
        LocalDateTime t = after.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        LocalDate limit = t.toLocalDate().plusYears(MAX_YEARS_AHEAD);
        while (!t.toLocalDate().isAfter(limit)) {
            LocalDate day = t.toLocalDate();
            if (dayMatches(day, dayOr)) {
                Optional<LocalDateTime> inDay = firstInDay(t);
                if (inDay.isPresent()) {
                    return inDay;
                }
            }
            t = day.plusDays(1).atStartOfDay();
        }
        return Optional.empty();
    }

    private Optional<LocalDateTime> firstInDay(LocalDateTime from) {
        for (int h = hours.nextSetBit(from.getHour()); h >= 0; h = hours.nextSetBit(h + 1)) {
            int m0 = h == from.getHour() ? from.getMinute() : 0;
            for (int m = minutes.nextSetBit(m0); m >= 0; m = minutes.nextSetBit(m + 1)) {
                int s0 = h == from.getHour() && m == from.getMinute() ? from.getSecond() : 0;
                int s = seconds.nextSetBit(s0);
                if (s >= 0) {
                    return Optional.of(from.toLocalDate().atTime(h, m, s));
                }
            }
        }
        return Optional.empty();
    }

    private boolean dayMatches(LocalDate day, boolean dayOr) {
        if (!months.get(day.getMonthValue()) || (years != null && !years.get(day.getYear()))) {
            return false;
        }
        boolean dom = daysOfMonth.get(day.getDayOfMonth())
                || (lastDayOfMonth && day.getDayOfMonth() == day.lengthOfMonth());
        int weekday = day.getDayOfWeek().getValue() % 7; // Sunday is 0, as cron's
        boolean dow = daysOfWeek.get(weekday)
                || (lastWeekdays.get(weekday) && day.plusWeeks(1).getMonthValue() != day.getMonthValue())
                || nthWeekdays.get(weekday * 8 + (day.getDayOfMonth() - 1) / 7 + 1);
        if (domRestricted && dowRestricted) {
            return dayOr ? dom || dow : dom && dow;
        }
        return (!domRestricted || dom) && (!dowRestricted || dow);
    }

    private BitSet parseDaysOfWeek(String text) {
        BitSet plain = new BitSet(8);
        Field field = new Field("day of week", 0, 7, DAYS);
        String[] parts = text.split(",", -1);
        for (String part : parts) {
            String upper = part.toUpperCase(Locale.ROOT);
            if (upper.contains("#")) {
                if (parts.length > 1) {
                    throw new IllegalArgumentException("day of week '" + text + "': a '#' item cannot be in a list");
                }
                String[] nth = upper.split("#", -1);
                int weekday = field.value(nth[0]) % 7;
                int n = Field.number(nth[1], "day of week '#'");
                if (n < 1 || n > 5) {
                    throw new IllegalArgumentException("day of week '" + part + "': the week after '#' must be 1-5");
                }
                nthWeekdays.set(weekday * 8 + n);
            } else if (upper.length() > 1 && upper.startsWith("L")) {
                lastWeekdays.set(field.value(upper.substring(1)) % 7);
            } else {
                plain.or(field.parse(part));
            }
        }
        if (plain.get(7)) {
            plain.set(0);
            plain.clear(7);
        }
        return plain;
    }

    private static String stripLast(String dom) {
        if (dom.equalsIgnoreCase("L")) {
            return "";
        }
        return dom.replaceAll("(?i),L$", "").replaceAll("(?i)^L,", "").replaceAll("(?i),L,", ",");
    }

    private static boolean isAny(String field) {
        return field.equals("*") || field.equals("?");
    }

    private static BitSet single(int value) {
        BitSet bits = new BitSet();
        bits.set(value);
        return bits;
    }

    /** One field's range and names, parsing its comma-separated parts into a bit set. */
    private record Field(String name, int min, int max, String[] names) {

        BitSet parse(String text) {
            BitSet bits = new BitSet(max + 1);
            if (text.isEmpty()) {
                return bits;
            }
            for (String part : text.split(",", -1)) {
                if (part.isEmpty()) {
                    throw new IllegalArgumentException(name + ": an empty item in '" + text + "'");
                }
                String range = part;
                int step = 1;
                int slash = part.indexOf('/');
                if (slash >= 0) {
                    range = part.substring(0, slash);
                    step = number(part.substring(slash + 1), name + " step");
                    if (step < 1) {
                        throw new IllegalArgumentException(name + ": step '" + part + "' must be 1 or more");
                    }
                }
                int from;
                int to;
                if (range.equals("*") || range.equals("?")) {
                    from = min;
                    to = max;
                } else if (range.indexOf('-', 1) > 0) {
                    int dash = range.indexOf('-', 1);
                    from = value(range.substring(0, dash));
                    to = value(range.substring(dash + 1));
                } else {
                    from = value(range);
                    to = slash >= 0 ? max : from;
                }
                if (from > to) {
                    for (int v = from; v <= max; v += step) {
                        bits.set(v); // croniter wraps a reversed range around the field's end
                    }
                    for (int v = min; v <= to; v += step) {
                        bits.set(v);
                    }
                    continue;
                }
                for (int v = from; v <= to; v += step) {
                    bits.set(v);
                }
            }
            return bits;
        }

        int value(String text) {
            if (names != null) {
                for (int i = 0; i < names.length; i++) {
                    if (names[i].equalsIgnoreCase(text)) {
                        return names == MONTHS ? i + 1 : i;
                    }
                }
            }
            int v = number(text, name);
            if (v < min || v > max) {
                throw new IllegalArgumentException(name + " " + v + " is out of " + min + "-" + max);
            }
            return v;
        }

        static int number(String text, String what) {
            if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException(what + ": '" + text + "' is not a number");
            }
            return Integer.parseInt(text);
        }
    }

    @Override
    public String toString() {
        return expression;
    }
}
