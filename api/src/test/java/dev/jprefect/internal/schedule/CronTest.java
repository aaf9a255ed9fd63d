package dev.jprefect.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cron expressions Prefect accepts and their fire times. The expected values are what Prefect
 * 3.9.1's vendored croniter answers ({@code croniter.is_valid(e)} and {@code get_next} from
 * 2026-11-29T12:00), taken once from it.
 */
class CronTest {

    private static final ZonedDateTime FROM = ZonedDateTime.of(2026, 11, 29, 12, 0, 0, 0, ZoneId.of("UTC"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0 2 * * *           | 2026-11-30T02:00, 2026-12-01T02:00, 2026-12-02T02:00",
        "0 0 * * sat-mon     | 2026-11-30T00:00, 2026-12-05T00:00, 2026-12-06T00:00",
        "0 0 * dec-feb *     | 2026-12-01T00:00, 2026-12-02T00:00, 2026-12-03T00:00",
        "0 22-2 * * *        | 2026-11-29T22:00, 2026-11-29T23:00, 2026-11-30T00:00",
        "0 0 L * *           | 2026-11-30T00:00, 2026-12-31T00:00, 2027-01-31T00:00",
        "0 0 * * L5          | 2026-12-25T00:00, 2027-01-29T00:00, 2027-02-26T00:00",
        "0 0 * * mon#2       | 2026-12-14T00:00, 2027-01-11T00:00, 2027-02-08T00:00",
        "0 0 1,L * *         | 2026-11-30T00:00, 2026-12-01T00:00, 2026-12-31T00:00",
        "0 0 * * 7           | 2026-12-06T00:00, 2026-12-13T00:00, 2026-12-20T00:00",
        "@daily              | 2026-11-30T00:00, 2026-12-01T00:00, 2026-12-02T00:00",
        "0 0 ? * MON         | 2026-11-30T00:00, 2026-12-07T00:00, 2026-12-14T00:00",
        "0 0 * * * 30        | 2026-11-30T00:00:30, 2026-12-01T00:00:30, 2026-12-02T00:00:30",
        "0 0 * * * 0 2030    | 2030-01-01T00:00, 2030-01-02T00:00, 2030-01-03T00:00",
        "5-1 * * * *         | 2026-11-29T12:01, 2026-11-29T12:05, 2026-11-29T12:06",
        "0 0 * * 5-1/2       | 2026-12-04T00:00, 2026-12-06T00:00, 2026-12-11T00:00",
        "0 0 * 11-2/2 *      | 2026-11-30T00:00, 2027-01-01T00:00, 2027-01-02T00:00",
        "0 0 * * */2         | 2026-12-01T00:00, 2026-12-03T00:00, 2026-12-05T00:00",
        "0 0 1-31/2 * *      | 2026-12-01T00:00, 2026-12-03T00:00, 2026-12-05T00:00",
        "0 0 13 * fri        | 2026-12-04T00:00, 2026-12-11T00:00, 2026-12-13T00:00",
    })
    void fireTimesAreCroniters(String expression, String expected) {
        Cron cron = Cron.parse(expression.trim());
        List<String> times = new ArrayList<>();
        ZonedDateTime t = FROM;
        for (int i = 0; i < 3; i++) {
            t = cron.next(t, true).orElseThrow();
            times.add(t.toLocalDateTime().toString());
        }
        assertThat(String.join(", ", times)).isEqualTo(expected.trim());
    }

    @ParameterizedTest
    @ValueSource(strings = {"61 * * * *", "* * * *", "sat-mon * * * *", "0 0 * * L", "0 0 * * 1#6", "*/0 * * * *",
        "@reboot", "a * * * *", "1,,2 * * * *", "-1 * * * *", "0 0 0 * *", "0 0 * 0 *", "0 24 * * *", "0 0 * * 8",
        "0 0 LW * *", "0 0 L-2 * *", "0 0 * * 1#1,3", "0 0 L/2 * *", "0 0 * * 6-8", "H * * * *", "", "   "})
    void invalidExpressionsAreRefusedAsCroniterRefusesThem(String expression) {
        assertThat(Cron.isValid(expression)).isFalse();
    }

    @Test
    void theErrorNamesTheExpressionAndTheFault() {
        assertThatThrownBy(() -> Cron.parse("61 * * * *"))
                .hasMessage("Invalid cron string: \"61 * * * *\" (minute 61 is out of 0-59)");
        assertThatThrownBy(() -> Cron.parse("0 0 * *"))
                .hasMessageStartingWith("Invalid cron string: \"0 0 * *\" (4 fields;");
        assertThatThrownBy(() -> Cron.parse("H 0 * * *"))
                .hasMessage("Random and Hashed expressions are unsupported, received: \"H 0 * * *\"");
    }

    @Test
    void dayOrFalseNeedsBothTheDayOfMonthAndTheDayOfWeek() {
        Cron fridayThe13th = Cron.parse("0 0 13 * fri");
        assertThat(fridayThe13th.next(FROM, false).orElseThrow().toLocalDateTime())
                .isEqualTo(LocalDateTime.of(2027, 8, 13, 0, 0));
    }

    @Test
    void anImpossibleDateHasNoFireTime() {
        assertThat(Cron.parse("0 0 30 2 *").next(FROM, true)).isEmpty();
    }

    @Test
    void fireTimesAreLocalToTheZoneAcrossDaylightSaving() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        ZonedDateTime beforeSpring = ZonedDateTime.of(2027, 3, 27, 12, 0, 0, 0, paris);
        Cron twoThirty = Cron.parse("30 2 * * *");
        ZonedDateTime gap = twoThirty.next(beforeSpring, true).orElseThrow();
        assertThat(gap.toLocalDateTime()).isEqualTo(LocalDateTime.of(2027, 3, 28, 3, 30)); // 02:30 does not exist
        assertThat(twoThirty.next(gap, true).orElseThrow().toLocalDateTime())
                .isEqualTo(LocalDateTime.of(2027, 3, 29, 2, 30));
    }
}
