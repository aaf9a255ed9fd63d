package dev.jprefect.server.internal.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A text search query as Prefect's server parses it ({@code server/utilities/text_search_parser.py}),
 * used by the event filter's {@code text}: space-separated terms of which any must occur,
 * {@code -term} or {@code !term} which must not, {@code +term} which must; {@code "quoted phrases"}
 * as one term, {@code \"} and {@code \\} escaped inside them; a prefix followed by a space is
 * ignored. Terms match as case-insensitive substrings.
 *
 * @param include terms of which at least one must occur (none: no constraint)
 * @param exclude terms none of which may occur
 * @param required terms every one of which must occur
 */
record TextSearch(List<String> include, List<String> exclude, List<String> required) {

    /** Parses {@code query} as Prefect does; a blank query has no terms. */
    static TextSearch parse(String query) {
        List<String> include = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        List<String> required = new ArrayList<>();
        int i = 0;
        int n = query.length();
        while (i < n) {
            if (Character.isWhitespace(query.charAt(i))) {
                i++;
                continue;
            }
            char prefix = 0;
            if ("-!+".indexOf(query.charAt(i)) >= 0) {
                if (i + 1 < n && !Character.isWhitespace(query.charAt(i + 1))) {
                    prefix = query.charAt(i);
                }
                i++;
                if (prefix == 0) {
                    continue;
                }
            }
            String term;
            if (i < n && query.charAt(i) == '"') {
                int start = ++i;
                while (i < n && query.charAt(i) != '"') {
                    i += query.charAt(i) == '\\' && i + 1 < n ? 2 : 1;
                }
                term = unescape(query.substring(start, Math.min(i, n)));
                if (i < n) {
                    i++; // the closing quote
                }
                if (term.isBlank()) {
                    continue;
                }
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(query.charAt(i)) && query.charAt(i) != '"') {
                    i++;
                }
                term = query.substring(start, i);
                if (term.isEmpty()) {
                    continue;
                }
            }
            (prefix == '-' || prefix == '!' ? exclude : prefix == '+' ? required : include).add(term);
        }
        return new TextSearch(List.copyOf(include), List.copyOf(exclude), List.copyOf(required));
    }

    /** Returns whether {@code text} meets the query: any include, no exclude, every required term. */
    boolean matches(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (!include.isEmpty() && include.stream().noneMatch(t -> lower.contains(t.toLowerCase(Locale.ROOT)))) {
            return false;
        }
        if (exclude.stream().anyMatch(t -> lower.contains(t.toLowerCase(Locale.ROOT)))) {
            return false;
        }
        return required.stream().allMatch(t -> lower.contains(t.toLowerCase(Locale.ROOT)));
    }

    /** Prefect's {@code _unescape_phrase}: {@code \"} is a quote, {@code \\} a backslash, any other backslash kept. */
    private static String unescape(String phrase) {
        StringBuilder out = new StringBuilder(phrase.length());
        for (int i = 0; i < phrase.length(); i++) {
            char c = phrase.charAt(i);
            if (c == '\\' && i + 1 < phrase.length() && (phrase.charAt(i + 1) == '"' || phrase.charAt(i + 1) == '\\')) {
                out.append(phrase.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
