package dev.jprefect.server.internal.models;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A five-field cron expression (minute, hour, day of month, month, day of week) as Prefect's
 * vendored croniter reads it: numbers, {@code *}, ranges, steps ({@code *}{@code /15},
 * {@code 1-30/2}, {@code 5/10}), lists, month and weekday names, {@code 7} for Sunday, and the
 * aliases {@code @yearly}, {@code @annually}, {@code @monthly}, {@code @weekly}, {@code @daily},
 * {@code @midnight} and {@code @hourly}. When both day fields are restricted a day matches either
 * ({@code day_or}, cron's rule) or both. It works on wall-clock times; {@link ScheduleDates} places
 * them in a time zone.
 *
 * <p>Not read (refused as invalid): croniter's seconds and year fields, {@code L}, {@code W} and
 * {@code #}, and the random and hashed forms Prefect refuses too.
 */
final class Cron {
    /** How far ahead a match is looked for before the expression is taken to match nothing (e.g. 30 February). */
    private static final int MAX_YEARS_AHEAD = 28;

    private static final Map<String, String> ALIASES = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
        "nov", "dec"};
    private static final String[] DAYS = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    /** 0 = Sunday ... 6 = Saturday. */
    private final BitSet daysOfWeek;
    private final boolean domRestricted;
    private final boolean dowRestricted;
    private final boolean dayOr;

    private Cron(BitSet[] fields, boolean domRestricted, boolean dowRestricted, boolean dayOr) {
        this.minutes = fields[0];
        this.hours = fields[1];
        this.daysOfMonth = fields[2];
        this.months = fields[3];
        this.daysOfWeek = fields[4];
        this.domRestricted = domRestricted;
        this.dowRestricted = dowRestricted;
        this.dayOr = dayOr;
    }

    /** Returns the expression {@code text}, or empty if croniter would not read it. */
    static Optional<Cron> parse(String text, boolean dayOr) {
        String expr = text.trim();
        expr = ALIASES.getOrDefault(expr.toLowerCase(Locale.ROOT), expr);
        String[] parts = expr.split("\\s+");
        if (parts.length != 5) {
            return Optional.empty();
        }
        int[][] ranges = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
        String[][] names = {null, null, null, MONTHS, DAYS};
        BitSet[] fields = new BitSet[5];
        for (int i = 0; i < 5; i++) {
            fields[i] = field(parts[i].toLowerCase(Locale.ROOT), ranges[i][0], ranges[i][1], names[i]);
            if (fields[i] == null) {
                return Optional.empty();
            }
        }
        if (fields[4].get(7)) {
            fields[4].clear(7);
            fields[4].set(0);
        }
        return Optional.of(new Cron(fields, !unrestricted(parts[2]), !unrestricted(parts[4]), dayOr));
    }

    /** Returns the message Prefect gives an expression it refuses, or null if {@code text} is valid. */
    static String problem(String text) {
        for (String part : text.split("\\s+")) {
            if (part.equalsIgnoreCase("r") || part.equalsIgnoreCase("h")) {
                return "Random and Hashed expressions are unsupported, received: \"" + text + "\"";
            }
        }
        return parse(text, true).isPresent() ? null : "Invalid cron string: \"" + text + "\"";
    }

    private static boolean unrestricted(String field) {
        return field.equals("*") || field.equals("?") || field.equals("*/1");
    }

    /** The values of one field, or null if it is malformed or out of {@code [min, max]}. */
    private static BitSet field(String text, int min, int max, String[] names) {
        BitSet out = new BitSet();
        for (String item : text.split(",", -1)) {
            int step = 1;
            String range = item;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                Integer s = number(item.substring(slash + 1), null, 0);
                if (s == null || s < 1) {
                    return null;
                }
                step = s;
                range = item.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*") || range.equals("?")) {
                from = min;
                to = max;
            } else {
                int dash = range.indexOf('-', 1);
                Integer a = number(dash < 0 ? range : range.substring(0, dash), names, min);
                Integer b = dash < 0 ? (slash >= 0 ? Integer.valueOf(max) : a) : number(range.substring(dash + 1), names, min);
                if (a == null || b == null || a > b) {
                    return null;
                }
                from = a;
                to = b;
            }
            if (from < min || to > max) {
                return null;
            }
            for (int v = from; v <= to; v += step) {
                out.set(v);
            }
        }
        return out;
    }

    private static Integer number(String text, String[] names, int min) {
        if (names != null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(text)) {
                    return names == MONTHS ? i + 1 : i;
                }
            }
        }
        if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Integer.parseInt(text);
    }

    /** Returns the first wall-clock minute strictly after {@code after} that matches, or empty if none comes. */
    Optional<LocalDateTime> next(LocalDateTime after) {
        LocalDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDateTime limit = after.plusYears(MAX_YEARS_AHEAD);
        while (t.isBefore(limit)) {
            if (!months.get(t.getMonthValue())) {
                t = YearMonth.from(t).plusMonths(1).atDay(1).atStartOfDay();
            } else if (!dayMatches(t)) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
            } else if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
            } else {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    private boolean dayMatches(LocalDateTime t) {
        boolean dom = daysOfMonth.get(t.getDayOfMonth());
        boolean dow = daysOfWeek.get(t.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : t.getDayOfWeek().getValue());
        if (domRestricted && dowRestricted) {
            return dayOr ? dom || dow : dom && dow;
        }
        return dom && dow;
    }
}
