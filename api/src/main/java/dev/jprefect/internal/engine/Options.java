package dev.jprefect.internal.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Checks of the options shared by flows and tasks; each error names the flow or task and the option. */
final class Options {
    private Options() {
    }

    static void checkRetries(Integer retries, String kind, String name) {
        if (retries != null && retries < 0) {
            throw new IllegalArgumentException("retries of " + kind + " '" + name + "' must be 0 or more, not " + retries);
        }
    }

    static void checkDelay(Duration delay, String kind, String name) {
        if (delay != null && delay.isNegative()) {
            throw new IllegalArgumentException("retry delay of " + kind + " '" + name + "' must not be negative, not "
                    + delay);
        }
    }

    static void checkTimeout(Duration timeout, String kind, String name) {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout of " + kind + " '" + name + "' must be positive, not " + timeout);
        }
    }

    static List<String> tags(List<String> tags, String kind, String name) {
        if (tags == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(tags.size());
        for (String tag : tags) {
            Objects.requireNonNull(tag, () -> "a tag of " + kind + " '" + name + "'");
            if (tag.isBlank()) {
                throw new IllegalArgumentException("a tag of " + kind + " '" + name + "' is blank");
            }
            out.add(tag);
        }
        return List.copyOf(out);
    }
}
