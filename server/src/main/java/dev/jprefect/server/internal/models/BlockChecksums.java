package dev.jprefect.server.internal.models;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checksum of a block schema's fields, as Prefect's {@code Block._calculate_schema_checksum}
 * makes it, so a schema registered by Python's {@code Block.save()} is found again by the checksum
 * the client computes: the fields without any {@code secret_fields} key (at any depth), their
 * {@code definitions} cut to those that are no block's, written as Python's
 * {@code json.dumps(((fields,), {}), sort_keys=True)} writes them, hashed with SHA-256:
 * {@code "sha256:<hex>"}.
 */
final class BlockChecksums {
    /** The prefix of a JSON pointer into a schema's definitions. */
    static final String DEFINITIONS_REF = "#/definitions/";

    private BlockChecksums() {
    }

    /** Returns the checksum of {@code fields}, as Prefect computes it. */
    static String checksum(Map<String, Object> fields) {
        Map<String, Object> forChecksum = withoutSecretFields(fields);
        if (truthy(forChecksum.get("definitions")) && forChecksum.get("definitions") instanceof Map<?, ?> definitions) {
            Map<String, Object> nonBlock = nonBlockDefinitions(forChecksum, FieldTable.map(definitions));
            if (nonBlock.isEmpty()) {
                forChecksum.remove("definitions");
            } else {
                forChecksum.put("definitions", nonBlock);
            }
        }
        StringBuilder json = new StringBuilder("[[");
        writePython(forChecksum, json);
        json.append("], {}]");
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(json.toString().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Returns the definitions that {@code object} (a schema, its definitions included) refers to,
     * directly or through other such definitions, that are no block's (have no
     * {@code block_type_slug}): Prefect's {@code _get_non_block_reference_definitions}.
     */
    static Map<String, Object> nonBlockDefinitions(Object object, Map<String, Object> definitions) {
        Map<String, Object> found = new LinkedHashMap<>();
        collectNonBlock(object, definitions, found, new HashSet<>());
        return found;
    }

    private static void collectNonBlock(Object object, Map<String, Object> definitions, Map<String, Object> found,
            Set<String> seen) {
        for (String ref : referenceStrings(object)) {
            String key = ref.replace(DEFINITIONS_REF, "");
            Object definition = definitions.get(key);
            if (truthy(definition) && !(definition instanceof Map<?, ?> m && m.get("block_type_slug") != null)) {
                found.put(key, definition);
                if (seen.add(key)) { // a definition that refers to itself is followed once
                    collectNonBlock(definition, definitions, found, seen);
                }
            }
        }
    }

    /** Every {@code $ref} text in {@code object}, depth first, in order: Prefect's {@code _collect_nested_reference_strings}. */
    static List<String> referenceStrings(Object object) {
        List<String> refs = new ArrayList<>();
        collectRefs(object, refs);
        return refs;
    }

    private static void collectRefs(Object object, List<String> refs) {
        if (object instanceof Map<?, ?> map) {
            if (map.get("$ref") instanceof String ref && !ref.isEmpty()) {
                refs.add(ref);
            }
            map.values().forEach(v -> collectRefs(v, refs));
        } else if (object instanceof List<?> list) {
            list.forEach(v -> collectRefs(v, refs));
        }
    }

    /** A mutable copy of {@code fields} without the key {@code secret_fields} in any object (lists are kept as they are). */
    private static Map<String, Object> withoutSecretFields(Map<String, Object> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (!"secret_fields".equals(k)) {
                out.put(k, v instanceof Map<?, ?> m ? withoutSecretFields(FieldTable.map(m)) : v);
            }
        });
        return out;
    }

    /** Whether Python deems {@code value} true. */
    static boolean truthy(Object value) {
        return !(value == null || Boolean.FALSE.equals(value) || "".equals(value)
                || value instanceof Number n && n.doubleValue() == 0
                || value instanceof List<?> l && l.isEmpty() || value instanceof Map<?, ?> m && m.isEmpty());
    }

    /** Writes {@code value} as Python's {@code json.dumps(value, sort_keys=True)} (ASCII only, {@code ", "} and {@code ": "}). */
    static void writePython(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof String s) {
            writeString(s, out);
        } else if (value instanceof Long || value instanceof Integer || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof Number n) {
            out.append(pythonFloat(n instanceof BigDecimal d ? d.doubleValue() : n.doubleValue()));
        } else if (value instanceof Map<?, ?> map) {
            List<String> keys = new ArrayList<>();
            map.keySet().forEach(k -> keys.add(String.valueOf(k)));
            keys.sort(BlockChecksums::compareCodePoints);
            out.append('{');
            for (int i = 0; i < keys.size(); i++) {
                out.append(i == 0 ? "" : ", ");
                writeString(keys.get(i), out);
                out.append(": ");
                writePython(map.get(keys.get(i)), out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ", ");
                writePython(list.get(i), out);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getSimpleName());
        }
    }

    /** Python compares text by code point; Java's {@code compareTo} by UTF-16 unit. */
    private static int compareCodePoints(String a, String b) {
        return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    /** Python's {@code repr} of a text: in single quotes, or double ones if it holds a single quote and no double one. */
    static String repr(String text) {
        String quote = text.contains("'") && !text.contains("\"") ? "\"" : "'";
        StringBuilder out = new StringBuilder(quote);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || String.valueOf(c).equals(quote)) {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append(c);
            }
        }
        return out.append(quote).toString();
    }

    /** Python's {@code repr} of a float: the shortest digits, positional from 1e-4 up to 1e16, else {@code 1.5e+16}. */
    static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int exponent = digits.length() - 1 - exact.scale();
        String sign = d < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = exact.toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }
}
