package dev.jprefect.server.internal.schema;

import java.util.UUID;

/**
 * UUID text as pydantic reads it: the hyphenated form, 32 hex digits without hyphens, either with
 * an optional {@code urn:uuid:} prefix; anything else gets the reason pydantic would give.
 */
public final class Uuids {
    private static final String URN = "urn:uuid:";
    private static final int HEX_DIGITS = 32;
    private static final int[] GROUP_LENGTHS = {8, 4, 4, 4, 12};

    private Uuids() {
    }

    /** Returns the UUID in {@code text}, or null if it is not one. */
    public static UUID parseOrNull(String text) {
        return problem(text) == null ? parse(text) : null;
    }

    /** Returns why {@code text} is not a UUID, or null if it is one. */
    static String problem(String text) {
        String t = text.regionMatches(true, 0, URN, 0, URN.length()) ? text.substring(URN.length()) : text;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.digit(c, 16) < 0 && c != '-') {
                return "invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `"
                        + c + "` at " + (i + 1);
            }
        }
        if (t.indexOf('-') < 0) {
            return t.length() == HEX_DIGITS ? null
                    : "invalid length: expected length 32 for simple format, found " + t.length();
        }
        String[] groups = t.split("-", -1);
        if (groups.length != GROUP_LENGTHS.length) {
            return "invalid group count: expected 5, found " + groups.length;
        }
        for (int g = 0; g < groups.length; g++) {
            if (groups[g].length() != GROUP_LENGTHS[g]) {
                return "invalid group length in group " + g + ": expected " + GROUP_LENGTHS[g] + ", found "
                        + groups[g].length();
            }
        }
        return null;
    }

    /** Parses text that {@link #problem} accepted. */
    static UUID parse(String text) {
        String t = text.regionMatches(true, 0, URN, 0, URN.length()) ? text.substring(URN.length()) : text;
        String hex = t.replace("-", "");
        long high = Long.parseUnsignedLong(hex.substring(0, 16), 16);
        long low = Long.parseUnsignedLong(hex.substring(16), 16);
        return new UUID(high, low);
    }
}
