package io.switchboard.client;

import java.time.Duration;

/**
 * Why a connection went down, honestly: the WebSocket close code (or the HTTP status of a refused upgrade, or 1006
 * when the socket just broke), the server's reason, whether it is terminal, and when the client tries again.
 *
 * @param code     a close code (1000..4999), an HTTP status (400..599) for a refused upgrade, or 1006
 * @param reason   the close reason or the error's reason (e.g. {@code TOKEN_INVALID}); never a token
 * @param terminal true when the client will not reconnect (1008 policy close, 401/403 upgrade, session deleted)
 * @param retryIn  the delay before the next attempt (null when terminal)
 */
public record Disconnect(int code, String reason, boolean terminal, Duration retryIn) {
    /** The server is draining: 1001, reconnect with jitter (to another instance). */
    public boolean serverShuttingDown() {
        return code == 1001;
    }
}
