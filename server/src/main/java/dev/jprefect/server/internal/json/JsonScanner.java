package dev.jprefect.server.internal.json;

/**
 * Describes malformed JSON as Python's {@code json} module does: a recursive-descent syntax
 * checker run only after the parser has refused a text, to find the first offending character and
 * what was expected there. It never reads values.
 */
final class JsonScanner {
    private JsonScanner() {
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
