package dev.jprefect.client.schemas;

import java.util.Objects;

/**
 * An RFC 5545 recurrence-rule schedule, Prefect's {@code RRuleSchedule}. jprefect reads and sends
 * it as it is; its rules are not interpreted by the SDK.
 *
 * @param rrule the recurrence rule, e.g. {@code "FREQ=DAILY;BYHOUR=2"}
 * @param timezone an IANA time zone, or null (UTC)
 */
public record RRuleSchedule(String rrule, String timezone) implements Schedule {

    /** Checks the rule is present. */
    public RRuleSchedule {
        Objects.requireNonNull(rrule, "rrule");
    }
}
