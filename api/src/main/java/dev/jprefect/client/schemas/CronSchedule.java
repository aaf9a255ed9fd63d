package dev.jprefect.client.schemas;

import java.util.Objects;

/**
 * A cron schedule, Prefect's {@code CronSchedule}: fire times of a cron expression in a time zone.
 *
 * <pre>{@code
 * Schedule nightly = CronSchedule.of("0 2 * * *", "Europe/Paris");
 * }</pre>
 *
 * @param cron the cron expression (five fields, as croniter's), e.g. {@code "0 2 * * *"}
 * @param timezone an IANA time zone, or null (UTC)
 * @param dayOr how a day-of-month and a day-of-week field combine: true (either, croniter's
 *     default) or false (both); null is the server's default, true
 */
public record CronSchedule(String cron, String timezone, Boolean dayOr) implements Schedule {

    /** Checks the expression is present (its syntax is checked where it is registered). */
    public CronSchedule {
        Objects.requireNonNull(cron, "cron");
    }

    /** Returns the schedule of {@code cron} in {@code timezone} (null for UTC). */
    public static CronSchedule of(String cron, String timezone) {
        return new CronSchedule(cron, timezone, null);
    }
}
