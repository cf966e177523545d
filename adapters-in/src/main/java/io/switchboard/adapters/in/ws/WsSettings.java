package io.switchboard.adapters.in.ws;

import java.util.List;

/**
 * The WS_* limits of README.md "Configuration". For every limit, 0 means no limit (for the ping interval: no
 * pings; for the ping timeout: peers are never dropped for silence).
 *
 * <p>{@code reauthGraceMs} is how long a connection whose token expired may wait for a fresh `auth` frame. The
 * contract fixes it at 30 s ({@link #DEFAULT_REAUTH_GRACE_MS}, what the shorter constructor gives); it is a
 * component only so that end-to-end tests can shorten it.
 */
public record WsSettings(long pingIntervalMs, long pingTimeoutMs, long authTimeoutMs, long maxMessageSize,
                         int maxConnectionsPerIp, int maxSubscriptions, int rateLimit, long rateWindowMs,
                         long maxQueuedBytes, List<String> allowedOrigins, long reauthGraceMs) {
    /** The contract's grace for a fresh `auth` frame after the token expired. */
    public static final long DEFAULT_REAUTH_GRACE_MS = 30_000;

    public WsSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
        if (reauthGraceMs <= 0) {
            throw new IllegalArgumentException("reauthGraceMs must be positive, got " + reauthGraceMs);
        }
    }

    /** The contract's settings: the re-auth grace is {@link #DEFAULT_REAUTH_GRACE_MS}. */
    public WsSettings(long pingIntervalMs, long pingTimeoutMs, long authTimeoutMs, long maxMessageSize,
                      int maxConnectionsPerIp, int maxSubscriptions, int rateLimit, long rateWindowMs,
                      long maxQueuedBytes, List<String> allowedOrigins) {
        this(pingIntervalMs, pingTimeoutMs, authTimeoutMs, maxMessageSize, maxConnectionsPerIp, maxSubscriptions,
                rateLimit, rateWindowMs, maxQueuedBytes, allowedOrigins, DEFAULT_REAUTH_GRACE_MS);
    }

    /** How often the housekeeper looks at every connection: fine enough for the shortest timer in use. */
    long tickMs() {
        long shortest = 1000;
        for (long t : new long[] {pingIntervalMs, pingTimeoutMs, authTimeoutMs, reauthGraceMs}) {
            if (t > 0) {
                shortest = Math.min(shortest, t / 4);
            }
        }
        return Math.max(10, shortest);
    }
}
