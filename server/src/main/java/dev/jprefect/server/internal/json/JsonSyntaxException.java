package dev.jprefect.server.internal.json;

/**
 * Malformed JSON: where it first goes wrong (a character offset, as Python's {@code json} module
 * counts it) and what was expected there, in the words FastAPI puts into a {@code json_invalid}
 * validation error.
 */
public final class JsonSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int position;
    private final String error;

    JsonSyntaxException(int position, String error) {
        super(error + " at character " + position);
        this.position = position;
        this.error = error;
    }

    /** Returns the offset of the first offending character, from 0. */
    public int position() {
        return position;
    }

    /** Returns what was expected, e.g. {@code "Expecting value"}. */
    public String error() {
        return error;
    }

    /** Finds the first error in {@code text}, which a strict parser has already refused. */
    static JsonSyntaxException locate(String text) {
        Scanner scanner = new Scanner(text);
        try {
            scanner.skipSpace();
            scanner.value();
            scanner.skipSpace();
            if (scanner.at < text.length()) {
                return new JsonSyntaxException(scanner.at, "Extra data");
            }
            // The scanner accepts what the parser refused (e.g. a number too large): say so plainly.
            return new JsonSyntaxException(0, "Expecting value");
        } catch (JsonSyntaxException e) {
            return e;
        }
    }

    /** A recursive-descent syntax checker; used only to describe an error, never to read values. */
    private static final class Scanner {
        /** Nesting beyond this is refused rather than risking the stack on hostile input. */
        private static final int MAX_DEPTH = 512;

        private final String text;
        private int at;
        private int depth;

        Scanner(String text) {
            this.text = text;
        }

        void value() {
            if (++depth > MAX_DEPTH) {
                throw new JsonSyntaxException(at, "Nesting too deep");
            }
            char c = peek();
            if (c == '{') {
                object();
            } else if (c == '[') {
                array();
            } else if (c == '"') {
                string();
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                number();
            } else if (text.startsWith("true", at)) {
                at += 4;
            } else if (text.startsWith("false", at)) {
                at += 5;
            } else if (text.startsWith("null", at)) {
                at += 4;
            } else {
                throw new JsonSyntaxException(at, "Expecting value");
            }
            depth--;
        }

        private void object() {
            at++;
            skipSpace();
            if (peek() == '}') {
                at++;
                return;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw new JsonSyntaxException(at, "Expecting property name enclosed in double quotes");
                }
                string();
                skipSpace();
                if (peek() != ':') {
                    throw new JsonSyntaxException(at, "Expecting ':' delimiter");
                }
                at++;
                skipSpace();
                value();
                skipSpace();
                char c = peek();
                at++;
                if (c == '}') {
                    return;
                }
                if (c != ',') {
                    throw new JsonSyntaxException(at - 1, "Expecting ',' delimiter");
                }
            }
        }

        private void array() {
            at++;
            skipSpace();
            if (peek() == ']') {
                at++;
                return;
            }
            while (true) {
                skipSpace();
                value();
                skipSpace();
                char c = peek();
                at++;
                if (c == ']') {
                    return;
                }
                if (c != ',') {
                    throw new JsonSyntaxException(at - 1, "Expecting ',' delimiter");
                }
            }
        }

        private void string() {
            int start = at;
            at++;
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return;
                }
                if (c == '\\') {
                    at++;
                } else if (c < ' ') {
                    throw new JsonSyntaxException(at - 1, "Invalid control character at");
                }
            }
            throw new JsonSyntaxException(start, "Unterminated string starting at");
        }

        private void number() {
            if (peek() == '-') {
                at++;
            }
            if (!Character.isDigit(peek())) {
                throw new JsonSyntaxException(at, "Expecting value");
            }
            while (Character.isDigit(peek()) || peek() == '.' || peek() == 'e' || peek() == 'E'
                    || peek() == '+' || peek() == '-') {
                at++;
            }
        }

        void skipSpace() {
            while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
        }

        private char peek() {
            return at < text.length() ? text.charAt(at) : '\0';
        }
    }
}
