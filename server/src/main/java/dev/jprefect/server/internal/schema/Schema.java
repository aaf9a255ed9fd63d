package dev.jprefect.server.internal.schema;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The shape of one JSON value a request may carry, after Prefect's pydantic models: checks a parsed
 * tree, converts it (UUID text to {@link UUID}, date-times to {@link Instant}, whole numbers to
 * {@link Long}) and reports every problem as pydantic words it, so a 422 reads as FastAPI's would.
 *
 * <p>Build schemas with the static factories ({@link #string()}, {@link #object(String)}, ...);
 * {@link Models} holds the Prefect components the server accepts.
 */
public abstract class Schema {

    /** Returned by {@link #check} for a value that had problems; never part of a result. */
    static final Object INVALID = new Object();

    Schema() {
    }

    /**
     * Checks {@code input} found at {@code loc}; returns the converted value, or {@link #INVALID}
     * after adding at least one problem.
     */
    abstract Object check(Object input, List<Object> loc, List<Problem> problems);

    /** Returns the label pydantic gives this schema inside a union's error locations. */
    abstract String label();

    /**
     * Returns true if {@code input} is exactly this schema's JSON type (a string for a string, a
     * whole number for an integer, ...): what pydantic's smart unions try first, so a label {@code 1}
     * stays {@code 1} and {@code "1"} stays {@code "1"} rather than becoming {@code true}.
     */
    boolean exactly(Object input) {
        return false;
    }

    /** Returns this schema that also accepts {@code null}. */
    public Schema nullable() {
        return new Nullable(this);
    }

    /**
     * Validates {@code input} found at {@code loc}.
     *
     * @throws ValidationException with every problem found
     */
    public Object validate(Object input, List<Object> loc) {
        List<Problem> problems = new ArrayList<>();
        Object value = check(input, loc, problems);
        if (!problems.isEmpty() || value == INVALID) {
            throw new ValidationException(problems);
        }
        return value;
    }

    // ---- factories ------------------------------------------------------------------------

    /** A string. */
    public static Text string() {
        return new Text(null, null, null);
    }

    /** A whole number, returned as {@link Long}. */
    public static Whole integer() {
        return new Whole(null, null, null, false);
    }

    /** Any number, returned as {@link Double}. */
    public static Schema number() {
        return new Decimal(null, null, null);
    }

    /** A number of at least {@code min} (pydantic's {@code ge}), returned as {@link Double}. */
    public static Schema numberAtLeast(double min) {
        return new Decimal(min, null, null);
    }

    /** A number greater than {@code min} (pydantic's {@code gt}), returned as {@link Double}. */
    public static Schema numberAbove(double min) {
        return new Decimal(null, min, null);
    }

    /** A number from {@code min} to {@code max} (pydantic's {@code ge} and {@code le}), returned as {@link Double}. */
    public static Schema numberBetween(double min, double max) {
        return new Decimal(min, null, max);
    }

    /** A boolean. */
    public static Schema bool() {
        return new Bool();
    }

    /** A UUID in text, returned as {@link UUID}. */
    public static Schema uuid() {
        return new Uuid();
    }

    /** An ISO-8601 date-time (no offset means UTC), returned as {@link Instant}. */
    public static Schema dateTime() {
        return new DateTime();
    }

    /** One of {@code values}, returned as the string. */
    public static Schema oneOf(String... values) {
        return new Choice(List.of(values), false);
    }

    /** Exactly {@code value} (a pydantic {@code Literal}). */
    public static Schema constant(String value) {
        return new Choice(List.of(value), true);
    }

    /** A list whose items all match {@code item}. */
    public static Schema list(Schema item) {
        return new Items(item, 0, Integer.MAX_VALUE);
    }

    /** A list of at least {@code minItems} items that all match {@code item} (pydantic's {@code min_length}). */
    public static Schema nonEmptyList(Schema item, int minItems) {
        return new Items(item, minItems, Integer.MAX_VALUE);
    }

    /** A list of at most {@code maxItems} items that all match {@code item} (pydantic's {@code max_length}). */
    public static Schema list(Schema item, int maxItems) {
        return new Items(item, 0, maxItems);
    }

    /** An object with string keys whose values all match {@code value}. */
    public static Schema dict(Schema value) {
        return new Dict(value);
    }

    /** Any JSON value at all, passed through unchanged. */
    public static Schema any() {
        return new Anything("any");
    }

    /** A JSON object (any keys), passed through unchanged. */
    public static Schema anyObject() {
        return new Dict(new Anything("any"));
    }

    /** The first of {@code members} that accepts the value; members are label, schema pairs. */
    public static Schema union(Schema... members) {
        return new Union(List.of(members));
    }

    /**
     * {@code inner} followed by a validator, as pydantic's {@code model_validator(mode="after")} and
     * {@code AfterValidator}: once {@code inner} accepts the value, {@code validator} returns null to
     * accept it or the message of a {@code value_error} ({@code "Value error, <message>"}) at the
     * value's location.
     */
    public static Schema checked(Schema inner, java.util.function.Function<Object, String> validator) {
        return new Checked(inner, validator, false);
    }

    /**
     * A validator followed by {@code inner}, as pydantic's {@code model_validator(mode="before")}:
     * {@code validator} sees the object as sent (before {@code inner} checks or converts it) and
     * returns null to pass it on, or the message of a {@code value_error} at the object's location
     * (then {@code inner} reports nothing more). A value that is no object goes to {@code inner}.
     */
    public static Schema checkedBefore(Schema inner, java.util.function.Function<Map<?, ?>, String> validator) {
        return new Checked(inner, value -> value instanceof Map<?, ?> m ? validator.apply(m) : null, true);
    }

    /**
     * {@code inner} followed by pydantic's {@code model_validator(mode="after")} function named
     * {@code function}: as {@link #checked}, but labelled in a union's error locations as pydantic
     * labels it, {@code function-after[<function>(), <inner>]}.
     */
    public static Schema after(String function, Schema inner, Function<Object, String> validator) {
        return new Checked(inner, validator, "function-after[" + function + "(), " + inner.label() + "]", false);
    }

    /** {@code inner}, labelled {@code label} in a union's error locations (a root model's class name). */
    public static Schema named(String label, Schema inner) {
        return new Checked(inner, v -> null, label, false);
    }

    /** {@code whenTrue} for an input {@code test} accepts, else {@code otherwise} (pydantic's "before" coercions). */
    public static Schema choosing(java.util.function.Predicate<Object> test, Schema whenTrue, Schema otherwise) {
        return new Choosing(test, whenTrue, otherwise);
    }

    /** The schema {@code schema} supplies when first used: for a model that holds itself (a compound trigger's triggers). */
    public static Schema lazy(Supplier<Schema> schema) {
        return new Lazy(schema);
    }

    /** Exactly one of {@code values} (a pydantic {@code Literal} of several), labelled {@code literal['a','b']}. */
    public static Schema literal(String... values) {
        return new Choice(List.of(values), true);
    }

    /**
     * A pydantic {@code timedelta} of at least zero: seconds as a number, ISO 8601 ({@code PT1M}) or
     * {@code [D day[s], ][HH:]MM:SS[.ffffff]}; returned as its seconds ({@link Double}), the form
     * Prefect's answers give it in.
     */
    public static Schema nonNegativeDuration() {
        return new Timedelta();
    }

    /** Returns seconds of a duration as {@link #nonNegativeDuration} reads it (negative allowed), or null if unreadable. */
    public static Double durationSeconds(Object input) {
        return Timedelta.seconds(input);
    }

    /** A model named {@code name}; add fields with {@link Model#field} and friends. */
    public static Model object(String name) {
        return new Model(name);
    }

    // ---- helpers --------------------------------------------------------------------------

    static List<Object> at(List<Object> loc, Object key) {
        List<Object> next = new ArrayList<>(loc.size() + 1);
        next.addAll(loc);
        next.add(key);
        return Collections.unmodifiableList(next);
    }

    static Object fail(List<Problem> problems, List<Object> loc, String type, String msg, Object input) {
        return fail(problems, loc, type, msg, input, null);
    }

    static Object fail(List<Problem> problems, List<Object> loc, String type, String msg, Object input,
            Map<String, Object> ctx) {
        problems.add(new Problem(loc, msg, type, input, ctx));
        return INVALID;
    }

    /** Joins choices as pydantic does: {@code 'a', 'b' or 'c'}. */
    static String expected(List<String> values) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(i == values.size() - 1 ? " or " : ", ");
            }
            out.append('\'').append(values.get(i)).append('\'');
        }
        return out.toString();
    }

    /** Returns false for an infinite or NaN double (a JSON number beyond a double's range reads as one). */
    static boolean isFinite(Number n) {
        return !(n instanceof Double || n instanceof Float) || Double.isFinite(n.doubleValue());
    }

    static Object notFinite(List<Problem> problems, List<Object> loc, Object input) {
        return fail(problems, loc, "finite_number", "Input should be a finite number", input);
    }

    /** Returns a whole number (see {@link #isWhole}) as an exact big integer. */
    private static BigInteger toBigInteger(Number n) {
        if (n instanceof Long || n instanceof Integer) {
            return BigInteger.valueOf(n.longValue());
        }
        if (n instanceof BigInteger) {
            return (BigInteger) n;
        }
        BigDecimal exact = n instanceof BigDecimal ? (BigDecimal) n : new BigDecimal(n.doubleValue());
        return exact.toBigIntegerExact();
    }

    private static boolean isWhole(Number n) {
        if (n instanceof Long || n instanceof Integer || n instanceof BigInteger) {
            return true;
        }
        if (n instanceof BigDecimal) {
            return ((BigDecimal) n).stripTrailingZeros().scale() <= 0;
        }
        double d = n.doubleValue();
        return Double.isFinite(d) && d == Math.rint(d);
    }

    // ---- kinds ----------------------------------------------------------------------------

    /** A string, optionally bounded in length or held to a pattern. */
    public static final class Text extends Schema {
        private final Integer maxLength;
        private final String pattern;
        private final Pattern compiled;
        private final Function<String, String> validator;

        private Text(Integer maxLength, String pattern, Function<String, String> validator) {
            this.maxLength = maxLength;
            this.pattern = pattern;
            this.compiled = pattern == null ? null : Pattern.compile(pattern);
            this.validator = validator;
        }

        /** Returns this schema limited to {@code max} characters. */
        public Text maxLength(int max) {
            return new Text(max, pattern, validator);
        }

        /** Returns this schema that also requires a match of the regular expression {@code regex}. */
        public Text pattern(String regex) {
            return new Text(maxLength, regex, validator);
        }

        /**
         * Returns this schema with a validator, as Prefect's {@code AfterValidator}s: a value that
         * does not wholly match {@code regex} is a {@code value_error} saying {@code message}.
         */
        public Text validator(String regex, String message) {
            Pattern compiledRegex = Pattern.compile(regex);
            return validator(s -> compiledRegex.matcher(s).matches() ? null : message);
        }

        /**
         * Returns this schema with a validator, as Prefect's {@code field_validator}s: {@code problem}
         * returns null for a good value, else the message of its {@code value_error}.
         */
        public Text validator(Function<String, String> problem) {
            return new Text(maxLength, pattern, problem);
        }

        @Override
        Object check(Object input, List<Object> loc, List<Problem> problems) {
            if (!(input instanceof String)) {
                return fail(problems, loc, "string_type", "Input should be a valid string", input);
            }
            String s = (String) input;
            if (maxLength != null && s.codePointCount(0, s.length()) > maxLength) {
                return fail(problems, loc, "string_too_long",
                        "String should have at most " + maxLength + " character" + (maxLength == 1 ? "" : "s"),
                        input, Map.of("max_length", maxLength));
            }
            if (compiled != null && !compiled.matcher(s).find()) {
                return fail(problems, loc, "string_pattern_mismatch", "String should match pattern '" + pattern + "'",
                        input, Map.of("pattern", pattern));
            }
            String problem = validator == null ? null : validator.apply(s);
            if (problem != null) {
                return fail(problems, loc, "value_error", "Value error, " + problem, input, Map.of("error", Map.of()));
            }
            return s;
        }

        @Override
        String label() {
            return "str";
        }

        @Override
        boolean exactly(Object input) {
            return input instanceof String;
        }
    }

    /**
     * A whole number with optional bounds, returned as {@link Long}. A value outside the
     * 64-bit range fails as beyond the bound (or {@link Long#MAX_VALUE}), unless the schema is
     * {@link #saturating()}; an infinite number fails as {@code finite_number}.
     */
    public static final class Whole extends Schema {
        private final Long ge;
        private final Long gt;
        private final Long le;
        private final boolean saturating;

        private Whole(Long ge, Long gt, Long le, boolean saturating) {
            this.ge = ge;
            this.gt = gt;
            this.le = le;
            this.saturating = saturating;
        }

        /** Returns this schema requiring at least {@code min}. */
        public Whole atLeast(long min) {
            return new Whole(min, gt, le, saturating);
        }

        /** Returns this schema requiring more than {@code min} (pydantic's {@code gt}). */
        public Whole above(long min) {
            return new Whole(ge, min, le, saturating);
        }

        /** Returns this schema requiring at most {@code max}. */
        public Whole atMost(long max) {
            return new Whole(ge, gt, max, saturating);
        }

        /**
         * Returns this schema reading values beyond the 64-bit range as {@link Long#MIN_VALUE} or
         * {@link Long#MAX_VALUE}, for a value the route checks itself (a page {@code limit}, which
         * Prefect answers with its own words however large it is).
         */
        public Whole saturating() {
            return new Whole(ge, gt, le, true);
        }

        @Override
        Object check(Object input, List<Object> loc, List<Problem> problems) {
            BigInteger value;
            if (input instanceof Number) {
                Number n = (Number) input;
                if (!isFinite(n)) {
                    return notFinite(problems, loc, input);
                }
                if (!isWhole(n)) {
                    return fail(problems, loc, "int_from_float",
                            "Input should be a valid integer, got a number with a fractional part", input);
                }
                value = toBigInteger(n);
            } else if (input instanceof String) {
                try {
                    value = BigInteger.valueOf(Long.parseLong(((String) input).trim()));
                } catch (NumberFormatException e) {
                    return fail(problems, loc, "int_parsing",
                            "Input should be a valid integer, unable to parse string as an integer", input);
                }
            } else {
                return fail(problems, loc, "int_type", "Input should be a valid integer", input);
            }
            long max = le != null ? le : Long.MAX_VALUE;
            long min = ge != null ? ge : Long.MIN_VALUE;
            if (value.compareTo(BigInteger.valueOf(max)) > 0) {
                if (saturating && le == null) {
                    return Long.MAX_VALUE;
                }
                return fail(problems, loc, "less_than_equal", "Input should be less than or equal to " + max,
                        input, Map.of("le", max));
            }
            if (value.compareTo(BigInteger.valueOf(min)) < 0) {
                if (saturating && ge == null) {
                    return Long.MIN_VALUE;
                }
                return fail(problems, loc, "greater_than_equal", "Input should be greater than or equal to " + min,
                        input, Map.of("ge", min));
            }
            if (gt != null && value.compareTo(BigInteger.valueOf(gt)) <= 0) {
                return fail(problems, loc, "greater_than", "Input should be greater than " + gt, input, Map.of("gt", gt));
            }
            return value.longValueExact();
        }

        @Override
        String label() {
            return "int";
        }

        @Override
        boolean exactly(Object input) {
            return input instanceof Long || input instanceof Integer || input instanceof BigInteger;
        }
    }

    private static final class Decimal extends Schema {
        private final Double ge;
        private final Double gt;
        private final Double le;

        private Decimal(Double ge, Double gt, Double le) {
            this.ge = ge;
            this.gt = gt;
            this.le = le;
        }

        /** A bound as pydantic's messages print it: {@code 60} for 60.0, {@code 0.01} as itself. */
        private static String shown(double bound) {
            return bound == Math.rint(bound) && Math.abs(bound) < 1e15 ? Long.toString((long) bound) : Double.toString(bound);
        }

        @Override
        Object check(Object input, List<Object> loc, List<Problem> problems) {
            double d;
            if (input instanceof Number) {
                d = ((Number) input).doubleValue();
                if (!Double.isFinite(d)) {
                    return notFinite(problems, loc, input);
                }
            } else if (input instanceof String) {
                try {
                    d = Double.parseDouble(((String) input).trim());
                } catch (NumberFormatException e) {
                    return fail(problems, loc, "float_parsing",
                            "Input should be a valid number, unable to parse string as a number", input);
                }
            } else {
                return fail(problems, loc, "float_type", "Input should be a valid number", input);
            }
            if (ge != null && !(d >= ge)) {
                return fail(problems, loc, "greater_than_equal", "Input should be greater than or equal to " + shown(ge),
                        input, Map.of("ge", ge));
            }
            if (gt != null && !(d > gt)) {
                return fail(problems, loc, "greater_than", "Input should be greater than " + shown(gt), input, Map.of("gt", gt));
            }
            if (le != null && !(d <= le)) {
                return fail(problems, loc, "less_than_equal", "Input should be less than or equal to " + shown(le),
                        input, Map.of("le", le));
            }
            return d;
        }

        @Override
        String label() {
            return "float";
        }

        @Override
        boolean exactly(Object input) {
            return input instanceof Double || input instanceof Float || input instanceof BigDecimal;
        }
    }

    private static final class Bool extends Schema {
        @Override
        Object check(Object input, List<Object> loc, List<Problem> problems) {
            if (input instanceof Boolean) {
                return input;
            }
            if (input instanceof String) {
                switch (((String) input).trim().toLowerCase(Locale.ROOT)) {
                    case "true": case "t": case "1": case "yes": case "y": case "on":
                        return Boolean.TRUE;
                    case "false": case "f": case "0": case "no": case "n": case "off":
                        return Boolean.FALSE;
                    default:
                        return fail(problems, loc, "bool_parsing",
                                "Input should be a valid boolean, unable to interpret input", input);
                }
            }
            if (input instanceof Number && isWhole((Number) input)) {
                long v = ((Number) input).longValue();
                if (v == 0 || v == 1) {
                    return v == 1;
                }
                return fail(problems, loc, "bool_parsing",
                        "Input should be a valid boolean, unable to interpret input", input);
            }
            return fail(problems, loc, "bool_type", "Input should be a valid boolean", input);
        }

        @Override
        String label() {
            return "bool";
        }

        @Override
        boolean exactly(Object input) {
            return input instanceof Boolean;
        }
    }

    private static final class Uuid extends Schema {
        @Override
        Object check(Object input, List<Object> loc, List<Problem> problems) {
            if (!(input instanceof String)) {
                return fail(problems, loc, "uuid_type", "UUID input should be a string, bytes or UUID object", input);
            }
            String reason = Uuids.problem((String) input);
            if (reason != null) {
                return fail(problems, loc, "uuid_parsing", "Input should be a valid UUID, " + reason, input,
                        Map.of("error", reason));
            }
            return Uuids.parse((String) input);
        }

        @Override
        String label() {
            return "uuid";
        }
    }

    private static final class DateTime extends Schema {
        /** Timestamps beyond this (in magnitude) are milliseconds, as pydantic reads them. */
        private static final double MILLISECONDS_ABOVE = 2e10;
        /** 9999-12-31T23:59:59Z. */
        private static final double LATEST_SECONDS = 253_402_300_799d;
        /** 0001-01-01T00:00:00Z. */
        private static final double EARLIEST_SECONDS = -62_135_596_800d;

        @Override
        Object check(Object input, List<Object> loc, List<Problem> problems) {
            if (input instanceof Number) {
                return fromTimestamp((Number) input, loc, problems);
            }
            if (!(input instanceof String)) {
                return fail(problems, loc, "datetime_type", "Input should be a valid datetime", input);
            }
            Instant parsed = parseInstant((String) input);
            if (parsed == null) {
                return fail(problems, loc, "datetime_from_date_parsing",
                        "Input should be a valid datetime or date, invalid character in year", input,
                        Map.of("error", "invalid character in year"));
            }
            if (parsed.getEpochSecond() > LATEST_SECONDS || parsed.getEpochSecond() < EARLIEST_SECONDS) {
                // e.g. 9999-12-31T23:59:59-01:00: a valid text whose UTC time is in year 10000, which
                // Prefect cannot store (its database layer fails with OverflowError) nor a client read
                String error = parsed.getEpochSecond() > LATEST_SECONDS
                        ? "dates after 9999 are not supported" : "dates before 0001 are not supported";
                return fail(problems, loc, "datetime_parsing", "Input should be a valid datetime, " + error, input,
                        Map.of("error", error));
            }
            return parsed;
        }

        @Override
        String label() {
            return "datetime";
        }

        /**
         * A Unix timestamp as pydantic reads one: seconds, or milliseconds when larger than
         * {@link #MILLISECONDS_ABOVE}; outside years 0000 to 9999 it is refused.
         */
        private static Object fromTimestamp(Number input, List<Object> loc, List<Problem> problems) {
            double seconds = input.doubleValue();
            String error = null;
            if (Double.isNaN(seconds)) {
                error = "NaN values not permitted";
            } else {
                if (Math.abs(seconds) > MILLISECONDS_ABOVE) {
                    seconds /= 1000;
                }
                if (seconds > LATEST_SECONDS) {
                    error = "dates after 9999 are not supported as unix timestamps";
                } else if (seconds < EARLIEST_SECONDS) {
                    error = "dates before 0000 are not supported as unix timestamps";
                }
            }
            if (error != null) {
                return fail(problems, loc, "datetime_parsing", "Input should be a valid datetime, " + error, input,
                        Map.of("error", error));
            }
            return Instant.EPOCH.plus(Math.round(seconds * 1_000_000d), java.time.temporal.ChronoUnit.MICROS);
        }
    }

    /** Reads ISO-8601 date-times with an offset or {@code Z}; without one they are UTC; a bare date is midnight UTC. */
    public static Instant parseInstant(String text) {
        String t = text.trim().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            // fall through to the forms without an offset
        }
        try {
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // fall through
        }
        try {
            return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static final class Choice extends Schema {
        private final List<String> values;
        private final boolean literal;

        Choice(List<String> values, boolean literal) {
            this.values = values;
            this.literal = literal;
        }

        @Override
        Object check(Object input, List<Object> loc, List<Problem> problems) {
            if (input instanceof String && values.contains(input)) {
                return input;
            }
            String expected = expected(values);
            return fail(problems, loc, literal ? "literal_error" : "enum", "Input should be " + expected, input,
                    Map.of("expected", expected));
        }

        @Override
        String label() {
            return literal ? "literal[" + String.join(",", values.stream().map(v -> "'" + v + "'").toList()) + "]" : "enum";
        }
    }

    private static final class Items extends Schema {
        private final Schema item;
        private final int minItems;
        private final int maxItems;

        Items(Schema item, int minItems, int maxItems) {
            this.item = item;
            this.minItems = minItems;
            this.maxItems = maxItems;
        }

        @Override
        Object check(Object input, List<Object> loc, List<Problem> problems) {
            if (!(input instanceof List)) {
                return fail(problems, loc, "list_type", "Input should be a valid list", input);
            }
            List<?> in = (List<?>) input;
            List<Object> out = new ArrayList<>(in.size());
            boolean ok = true;
            for (int i = 0; i < in.size(); i++) {
                Object v = item.check(in.get(i), at(loc, i), problems);
                ok &= v != INVALID;
                out.add(v);
            }
            if (ok && out.size() > maxItems) {
                Map<String, Object> ctx = new LinkedHashMap<>();
                ctx.put("field_type", "List");
                ctx.put("max_length", (long) maxItems);
                ctx.put("actual_length", (long) out.size());
                return fail(problems, loc, "too_long", "List should have at most " + maxItems
                        + " items after validation, not " + out.size(), input, ctx);
            }
            if (ok && out.size() < minItems) {
                Map<String, Object> ctx = new LinkedHashMap<>();
                ctx.put("field_type", "List");
                ctx.put("min_length", (long) minItems);
                ctx.put("actual_length", (long) out.size());
                return fail(problems, loc, "too_short", "List should have at least " + minItems + " item"
                        + (minItems == 1 ? "" : "s") + " after validation, not " + out.size(), input, ctx);
            }
            return ok ? Collections.unmodifiableList(out) : INVALID;
        }

        @Override
        String label() {
            return "list[" + item.label() + "]";
        }
    }

    private static final class Dict extends Schema {
        private final Schema value;

        Dict(Schema value) {
            this.value = value;
        }

        @Override
        Object check(Object input, List<Object> loc, List<Problem> problems) {
            if (!(input instanceof Map)) {
                return fail(problems, loc, "dict_type", "Input should be a valid dictionary", input);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            boolean ok = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) input).entrySet()) {
                String key = String.valueOf(e.getKey());
                Object v = value.check(e.getValue(), at(loc, key), problems);
                ok &= v != INVALID;
                out.put(key, v);
            }
            return ok ? Collections.unmodifiableMap(out) : INVALID;
        }

        @Override
        String label() {
            return "dict[str," + value.label() + "]";
        }
    }

    private static final class Anything extends Schema {
        private final String label;

        Anything(String label) {
            this.label = label;
        }

        /** Returns {@code input} unchanged, after refusing any non-finite number in it, at its location. */
        @Override
        Object check(Object input, List<Object> loc, List<Problem> problems) {
            return allFinite(input, loc, problems) ? input : INVALID;
        }

        private static boolean allFinite(Object value, List<Object> loc, List<Problem> problems) {
            if (value instanceof Number) {
                if (isFinite((Number) value)) {
                    return true;
                }
                notFinite(problems, loc, value);
                return false;
            }
            boolean ok = true;
            if (value instanceof Map) {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    ok &= allFinite(e.getValue(), at(loc, String.valueOf(e.getKey())), problems);
                }
            } else if (value instanceof List) {
                List<?> items = (List<?>) value;
                for (int i = 0; i < items.size(); i++) {
                    ok &= allFinite(items.get(i), at(loc, i), problems);
                }
            }
            return ok;
        }

        @Override
        String label() {
            return label;
        }
    }

    private static final class Checked extends Schema {
        private final Schema inner;
        private final java.util.function.Function<Object, String> validator;
        private final String label;
        private final boolean before;

        Checked(Schema inner, java.util.function.Function<Object, String> validator, boolean before) {
            this(inner, validator, null, before);
        }

        Checked(Schema inner, java.util.function.Function<Object, String> validator, String label, boolean before) {
            this.inner = inner;
            this.validator = validator;
            this.label = label;
            this.before = before;
        }

        @Override
        Object check(Object input, List<Object> loc, List<Problem> problems) {
            String early = before ? validator.apply(input) : null;
            if (early != null) {
                return fail(problems, loc, "value_error", "Value error, " + early, input, Map.of("error", Map.of()));
            }
            Object value = inner.check(input, loc, problems);
            if (before) {
                return value;
            }
            if (value == INVALID) {
                return INVALID;
            }
            String error = validator.apply(value);
            if (error != null) {
                return fail(problems, loc, "value_error", "Value error, " + error, input, Map.of("error", Map.of()));
            }
            return value;
        }

        @Override
        String label() {
            return label != null ? label : inner.label();
        }

        @Override
        boolean exactly(Object input) {
            return inner.exactly(input);
        }
    }

    private static final class Choosing extends Schema {
        private final java.util.function.Predicate<Object> test;
        private final Schema whenTrue;
        private final Schema otherwise;

        Choosing(java.util.function.Predicate<Object> test, Schema whenTrue, Schema otherwise) {
            this.test = test;
            this.whenTrue = whenTrue;
            this.otherwise = otherwise;
        }

        @Override
        Object check(Object input, List<Object> loc, List<Problem> problems) {
            return (test.test(input) ? whenTrue : otherwise).check(input, loc, problems);
        }

        @Override
        String label() {
            return otherwise.label();
        }
    }

    private static final class Lazy extends Schema {
        private final Supplier<Schema> supplier;
        private volatile Schema schema;

        Lazy(Supplier<Schema> supplier) {
            this.supplier = supplier;
        }

        private Schema schema() {
            Schema s = schema;
            if (s == null) {
                s = supplier.get();
                schema = s;
            }
            return s;
        }

        @Override
        Object check(Object input, List<Object> loc, List<Problem> problems) {
            return schema().check(input, loc, problems);
        }

        @Override
        String label() {
            return schema().label();
        }

        @Override
        boolean exactly(Object input) {
            return schema().exactly(input);
        }
    }

    private static final class Timedelta extends Schema {
        private static final Pattern CLOCK = Pattern.compile(
                "(-)?(?:(\\d+) days?,? ?)?(?:(\\d+):)?(\\d+):(\\d+(?:\\.\\d+)?)");

        @Override
        Object check(Object input, List<Object> loc, List<Problem> problems) {
            if (!(input instanceof Number || input instanceof String)) {
                return fail(problems, loc, "time_delta_type", "Input should be a valid timedelta", input);
            }
            if (input instanceof Number && !isFinite((Number) input)) {
                return notFinite(problems, loc, input);
            }
            Double seconds = seconds(input);
            if (seconds == null) {
                return fail(problems, loc, "time_delta_parsing", "Input should be a valid timedelta, invalid digit in duration", input);
            }
            if (seconds < 0) {
                return fail(problems, loc, "greater_than_equal", "Input should be greater than or equal to 0 seconds", input,
                        Map.of("ge", "0:00:00"));
            }
            return seconds;
        }

        static Double seconds(Object input) {
            if (input instanceof Number) {
                return ((Number) input).doubleValue();
            }
            if (!(input instanceof String)) {
                return null;
            }
            String text = ((String) input).trim();
            try {
                if (text.matches("-?[0-9]+(\\.[0-9]+)?")) {
                    return Double.parseDouble(text);
                }
                java.util.regex.Matcher m = CLOCK.matcher(text);
                if (m.matches()) {
                    double s = (m.group(2) == null ? 0 : Long.parseLong(m.group(2)) * 86400.0)
                            + (m.group(3) == null ? 0 : Long.parseLong(m.group(3)) * 3600.0)
                            + Long.parseLong(m.group(4)) * 60.0 + Double.parseDouble(m.group(5));
                    return m.group(1) != null ? -s : s;
                }
                java.time.Duration d = java.time.Duration.parse(text);
                return d.getSeconds() + d.getNano() / 1e9;
            } catch (RuntimeException e) {
                return null;
            }
        }

        @Override
        String label() {
            return "timedelta";
        }
    }

    private static final class Nullable extends Schema {
        private final Schema inner;

        Nullable(Schema inner) {
            this.inner = inner;
        }

        @Override
        Object check(Object input, List<Object> loc, List<Problem> problems) {
            return input == null ? null : inner.check(input, loc, problems);
        }

        @Override
        String label() {
            return inner.label();
        }

        @Override
        public Schema nullable() {
            return this;
        }

        @Override
        boolean exactly(Object input) {
            return input == null || inner.exactly(input);
        }
    }

    private static final class Union extends Schema {
        private final List<Schema> members;

        Union(List<Schema> members) {
            this.members = members;
        }

        @Override
        Object check(Object input, List<Object> loc, List<Problem> problems) {
            for (Schema member : members) {
                if (member.exactly(input)) {
                    List<Problem> mine = new ArrayList<>();
                    Object v = member.check(input, at(loc, member.label()), mine);
                    if (v != INVALID && mine.isEmpty()) {
                        return v;
                    }
                }
            }
            List<Problem> all = new ArrayList<>();
            for (Schema member : members) {
                List<Problem> mine = new ArrayList<>();
                Object v = member.check(input, at(loc, member.label()), mine);
                if (v != INVALID && mine.isEmpty()) {
                    return v;
                }
                all.addAll(mine);
            }
            problems.addAll(all);
            return INVALID;
        }

        @Override
        String label() {
            StringBuilder out = new StringBuilder("union[");
            for (int i = 0; i < members.size(); i++) {
                out.append(i == 0 ? "" : ",").append(members.get(i).label());
            }
            return out.append(']').toString();
        }
    }

    /**
     * A pydantic model: named fields, each required or optional with a default, and a policy for
     * keys it does not know (forbidden, as in Prefect's action and filter models, or ignored, as
     * FastAPI ignores unknown keys of a body with several parameters).
     */
    public static final class Model extends Schema {
        private final String name;
        private final Map<String, Field> fields = new LinkedHashMap<>();
        private boolean forbidExtra;

        private Model(String name) {
            this.name = name;
        }

        private record Field(Schema schema, boolean required, Supplier<Object> defaultValue, boolean defaultWhenFalsy) {
            Field(Schema schema, boolean required, Supplier<Object> defaultValue) {
                this(schema, required, defaultValue, false);
            }
        }

        /**
         * True for the model FastAPI makes of a route's several body parameters ({@code Body_...}):
         * it reads a parameter sent as null as one not sent (its default, or "Field required").
         */
        private boolean isEmbeddedBody() {
            return name.startsWith("Body_");
        }

        /** Adds a required field. */
        public Model required(String field, Schema schema) {
            fields.put(field, new Field(schema, true, null));
            return this;
        }

        /** Adds an optional field that is simply absent when not given. */
        public Model optional(String field, Schema schema) {
            fields.put(field, new Field(schema, false, null));
            return this;
        }

        /** Adds an optional field whose value is {@code defaultValue} when not given. */
        public Model optional(String field, Schema schema, Object defaultValue) {
            fields.put(field, new Field(schema, false, () -> defaultValue));
            return this;
        }

        /** Adds an optional field whose value is made by {@code defaultValue} when not given. */
        public Model optionalComputed(String field, Schema schema, Supplier<Object> defaultValue) {
            fields.put(field, new Field(schema, false, defaultValue));
            return this;
        }

        /**
         * Adds an optional field whose value is made by {@code defaultValue} when it is not given or
         * given as a value Python deems false ({@code null}, {@code ""}, {@code 0}, {@code false}, an
         * empty list or object): a run's name, which Prefect's {@code get_or_create_run_name} makes
         * with {@code name or generate_slug(2)} before validating it (Prefect's clients send
         * {@code "name": null}).
         */
        public Model optionalComputedWhenFalsy(String field, Schema schema, Supplier<Object> defaultValue) {
            fields.put(field, new Field(schema, false, defaultValue, true));
            return this;
        }

        private static boolean falsy(Object value) {
            return value == null || Boolean.FALSE.equals(value) || "".equals(value)
                    || value instanceof Number n && n.doubleValue() == 0
                    || value instanceof Collection<?> c && c.isEmpty() || value instanceof Map<?, ?> m && m.isEmpty();
        }

        /** Makes unknown keys an {@code extra_forbidden} error instead of ignoring them. */
        public Model forbidExtra() {
            this.forbidExtra = true;
            return this;
        }

        @Override
        Object check(Object input, List<Object> loc, List<Problem> problems) {
            if (!(input instanceof Map)) {
                return fail(problems, loc, "model_attributes_type",
                        "Input should be a valid dictionary or object to extract fields from", input);
            }
            Map<?, ?> in = (Map<?, ?>) input;
            Map<String, Object> out = new LinkedHashMap<>();
            boolean ok = true;
            for (Map.Entry<String, Field> e : fields.entrySet()) {
                String key = e.getKey();
                Field field = e.getValue();
                if (in.containsKey(key) && field.defaultWhenFalsy && falsy(in.get(key))) {
                    out.put(key, field.defaultValue.get());
                } else if (in.containsKey(key) && in.get(key) == null && isEmbeddedBody()) {
                    // FastAPI reads a body parameter sent as null as one not sent
                    if (field.required) {
                        fail(problems, at(loc, key), "missing", "Field required", input);
                        ok = false;
                    } else if (field.defaultValue != null) {
                        out.put(key, field.defaultValue.get());
                    }
                } else if (in.containsKey(key)) {
                    Object v = field.schema.check(in.get(key), at(loc, key), problems);
                    ok &= v != INVALID;
                    out.put(key, v);
                } else if (field.required) {
                    fail(problems, at(loc, key), "missing", "Field required", input);
                    ok = false;
                } else if (field.defaultValue != null) {
                    out.put(key, field.defaultValue.get());
                }
            }
            if (forbidExtra) {
                for (Map.Entry<?, ?> e : in.entrySet()) {
                    if (!fields.containsKey(String.valueOf(e.getKey()))) {
                        fail(problems, at(loc, String.valueOf(e.getKey())), "extra_forbidden",
                                "Extra inputs are not permitted", e.getValue());
                        ok = false;
                    }
                }
            }
            return ok ? Collections.unmodifiableMap(out) : INVALID;
        }

        @Override
        String label() {
            return name;
        }
    }
}
