package io.switchboard.adapters.in.http;

/**
 * Reads the token of an {@code Authorization: Bearer <token>} header (REST and WebSocket upgrades alike), and the
 * secret of an {@code Authorization: ApiKey <secret>} one.
 */
public final class BearerTokens {
    private BearerTokens() {
    }

    /** The token, or null when the header is absent or not a bearer credential. */
    public static String from(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        if (value.length() > 7 && value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return value.substring(7).trim();
        }
        return null;
    }

    /**
     * The secret of an {@code Authorization: ApiKey <secret>} header (docs/api.md, "Publishing from your backend"),
     * or null when the header is absent or another scheme.
     */
    public static String apiKeyFrom(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        if (value.length() > 7 && value.regionMatches(true, 0, "ApiKey ", 0, 7)) {
            return value.substring(7).trim();
        }
        return null;
    }
}
