package io.switchboard.adapters.in.ws;

import java.util.List;

/**
 * The WS_* limits of CONTRACT.md section 8. For every limit, 0 means no limit (for the ping interval: no
 * pings; for the ping timeout: peers are never dropped for silence).
 */
public record WsSettings(long pingIntervalMs, long pingTimeoutMs, long authTimeoutMs, long maxMessageSize,
                         int maxConnectionsPerIp, int maxSubscriptions, int rateLimit, long rateWindowMs,
                         long maxQueuedBytes, List<String> allowedOrigins) {
    /** How long an expired token's connection may wait for a fresh `auth` frame. */
    public static final long REAUTH_GRACE_MS = 30_000;

    public WsSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** How often the housekeeper looks at every connection: fine enough for the shortest timer in use. */
    long tickMs() {
        long shortest = 1000;
        for (long t : new long[] {pingIntervalMs, pingTimeoutMs, authTimeoutMs}) {
            if (t > 0) {
                shortest = Math.min(shortest, t / 4);
            }
        }
        return Math.max(10, shortest);
    }
}
