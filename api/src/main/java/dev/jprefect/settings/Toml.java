package dev.jprefect.settings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the part of TOML that Prefect's settings files use ({@code profiles.toml},
 * {@code prefect.toml}): comments, {@code [table]} and {@code [dotted.table]} headers, and
 * {@code key = value} lines whose keys may be dotted or quoted and whose values are basic or
 * literal strings, integers, floats, booleans or one-line arrays of those. Each value is returned as
 * the text a setting would have in an environment variable ({@code true}, {@code 42},
 * {@code ["a","b"]} as JSON). Anything else (multi-line strings, inline tables, dates) is refused
 * with the line number, never guessed.
 */
final class Toml {

    /** A file that is not the TOML this reader accepts. */
    static final class TomlException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        TomlException(int line, String message) {
            super("line " + line + ": " + message);
        }
    }

    private final String text;
    private int pos;
    private int line = 1;

    private Toml(String text) {
        this.text = text;
    }

    /** Returns every key of {@code text} with its full dotted path (table path, then key) and its value as text. */
    static Map<List<String>, String> read(String text) {
        return new Toml(text.startsWith("\uFEFF") ? text.substring(1) : text).document();
    }

    private Map<List<String>, String> document() {
        Map<List<String>, String> values = new LinkedHashMap<>();
        List<String> table = List.of();
        while (true) {
            skipBlankAndComments();
            if (pos >= text.length()) {
                return values;
            }
            if (text.charAt(pos) == '[') {
                pos++;
                if (peek() == '[') {
                    throw error("arrays of tables ([[...]]) are not supported");
                }
                table = key(']');
                expect(']');
            } else {
                List<String> path = new ArrayList<>(table);
                path.addAll(key('='));
                expect('=');
                skipSpaces();
                String value = value();
                if (values.put(List.copyOf(path), value) != null) {
                    throw error("duplicate key " + String.join(".", path));
                }
            }
            endOfLine();
        }
    }

    /** Reads a dotted key up to {@code end} (not consumed). */
    private List<String> key(char end) {
        List<String> parts = new ArrayList<>();
        while (true) {
            skipSpaces();
            char c = peek();
            String part;
            if (c == '"') {
                part = basicString();
            } else if (c == '\'') {
                part = literalString();
            } else {
                int start = pos;
                while (pos < text.length() && isBareKeyChar(text.charAt(pos))) {
                    pos++;
                }
                part = text.substring(start, pos);
                if (part.isEmpty()) {
                    throw error("expected a key");
                }
            }
            parts.add(part);
            skipSpaces();
            if (peek() == '.') {
                pos++;
            } else if (peek() == end) {
                return parts;
            } else {
                throw error("expected '" + end + "' after the key " + String.join(".", parts));
            }
        }
    }

    private static boolean isBareKeyChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    private String value() {
        char c = peek();
        if (c == '"') {
            if (text.startsWith("\"\"\"", pos)) {
                throw error("multi-line strings are not supported");
            }
            return basicString();
        }
        if (c == '\'') {
            if (text.startsWith("'''", pos)) {
                throw error("multi-line strings are not supported");
            }
            return literalString();
        }
        if (c == '[') {
            return array();
        }
        if (c == '{') {
            throw error("inline tables are not supported");
        }
        int start = pos;
        while (pos < text.length() && "\r\n#,]".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        String bare = text.substring(start, pos).strip();
        if (bare.equals("true") || bare.equals("false")) {
            return bare;
        }
        String number = bare.replace("_", "");
        if (number.matches("[+-]?\\d+") || number.matches("[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+)?")) {
            return number.startsWith("+") ? number.substring(1) : number;
        }
        throw error(bare.isEmpty() ? "expected a value" : "unsupported value " + bare);
    }

    /** A one-line array, returned as JSON (strings quoted), as a list setting's text would be. */
    private String array() {
        expect('[');
        StringBuilder json = new StringBuilder("[");
        skipSpaces();
        while (peek() != ']') {
            char c = peek();
            String item = value();
            json.append(json.length() > 1 ? "," : "")
                    .append(c == '"' || c == '\'' ? quote(item) : item);
            skipSpaces();
            if (peek() == ',') {
                pos++;
                skipSpaces();
            } else if (peek() != ']') {
                throw error("expected ',' or ']' in an array");
            }
        }
        pos++;
        return json.append(']').toString();
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    private String basicString() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == '\n') {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = pos < text.length() ? text.charAt(pos++) : ' ';
            switch (e) {
                case 'n': out.append('\n'); break;
                case 't': out.append('\t'); break;
                case 'r': out.append('\r'); break;
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case '"': out.append('"'); break;
                case '\\': out.append('\\'); break;
                case 'u': out.append(unicode(4)); break;
                case 'U': out.append(unicode(8)); break;
                default: throw error("invalid escape \\" + e);
            }
        }
    }

    private String unicode(int digits) {
        if (pos + digits > text.length()) {
            throw error("truncated unicode escape");
        }
        try {
            int code = Integer.parseInt(text.substring(pos, pos + digits), 16);
            pos += digits;
            return new String(Character.toChars(code));
        } catch (IllegalArgumentException e) {
            throw error("invalid unicode escape");
        }
    }

    private String literalString() {
        expect('\'');
        int end = text.indexOf('\'', pos);
        int newline = text.indexOf('\n', pos);
        if (end < 0 || newline >= 0 && newline < end) {
            throw error("unterminated string");
        }
        String s = text.substring(pos, end);
        pos = end + 1;
        return s;
    }

    private void skipSpaces() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private void skipBlankAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '\n') {
                pos++;
                line++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    /** After a header or a key/value: only spaces and a comment before the end of the line. */
    private void endOfLine() {
        skipSpaces();
        if (peek() == '#') {
            while (pos < text.length() && text.charAt(pos) != '\n') {
                pos++;
            }
        }
        if (peek() == '\r') {
            pos++;
        }
        if (pos < text.length() && text.charAt(pos) != '\n') {
            throw error("unexpected '" + text.charAt(pos) + "'");
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private TomlException error(String message) {
        return new TomlException(line, message);
    }
}
