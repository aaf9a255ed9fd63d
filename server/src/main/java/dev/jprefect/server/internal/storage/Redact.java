package dev.jprefect.server.internal.storage;

/** Database URLs as messages show them: without the password. */
public final class Redact {
    private Redact() {
    }

    /** Returns {@code url} with the password of its user info, if any, replaced by {@code ***}. */
    public static String url(String url) {
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return url;
        }
        int colon = url.indexOf(':', scheme + 3);
        return colon < 0 || colon > at ? url : url.substring(0, colon + 1) + "***" + url.substring(at);
    }
}
