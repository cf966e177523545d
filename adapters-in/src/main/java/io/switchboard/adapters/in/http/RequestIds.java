package io.switchboard.adapters.in.http;

import java.util.UUID;
import java.util.regex.Pattern;

/** The X-Request-Id every HTTP response carries (docs/api.md), REST and refused WebSocket upgrades alike. */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    /** The request attribute holding the id a response carries, for log lines written while handling it. */
    public static final String ATTRIBUTE = "io.switchboard.requestId";
    private static final Pattern SAFE = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

    private RequestIds() {
    }

    /** Echoes a well-formed client id (so logs can be joined), else makes one up (so logs cannot be forged). */
    public static String of(String given) {
        return given != null && SAFE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }
}
