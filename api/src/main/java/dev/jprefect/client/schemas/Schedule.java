package dev.jprefect.client.schemas;

/**
 * When a deployment's runs are due, Prefect's schedule union: a {@link CronSchedule}, an
 * {@link IntervalSchedule} or an {@link RRuleSchedule}. On the wire the kind is told by which field
 * is present ({@code cron}, {@code interval}, {@code rrule}).
 */
public sealed interface Schedule permits CronSchedule, IntervalSchedule, RRuleSchedule {

    /** Returns the IANA time zone the schedule is computed in, or null (the server's inference, UTC). */
    String timezone();
}
