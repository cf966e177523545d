package io.switchboard.adapters.in.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

import java.util.List;
import java.util.Set;

/** CORS_ORIGINS: `*` (the default) or a comma-separated list of allowed origins. */
final class Cors {
    private static final String ALLOWED_HEADERS = "Authorization, Content-Type, If-Match, X-Request-Id";
    private static final String EXPOSED_HEADERS =
            "X-Request-Id, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Location";
    private static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";

    private final boolean anyOrigin;
    private final Set<String> origins;

    Cors(List<String> origins) {
        this.anyOrigin = origins.isEmpty() || origins.contains("*");
        this.origins = Set.copyOf(origins);
    }

    /** Adds the headers of an actual (non-preflight) response. */
    void apply(String origin, HttpFields.Mutable headers) {
        if (origin == null) {
            return;
        }
        if (anyOrigin) {
            headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        } else if (origins.contains(origin)) {
            headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            headers.add(HttpHeader.VARY, "Origin");
        } else {
            return;
        }
        headers.put(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
    }

    static boolean isPreflight(String method, HttpFields requestHeaders) {
        return "OPTIONS".equals(method) && requestHeaders.get(HttpHeader.ORIGIN) != null
                && requestHeaders.get(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD) != null;
    }

    void applyPreflight(String origin, HttpFields.Mutable headers) {
        apply(origin, headers);
        if (headers.get(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN) != null) {
            headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
            headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
            headers.put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "600");
        }
    }
}
