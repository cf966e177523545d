package io.switchboard.domain.failure;

import java.util.Map;

/** Code RATE_LIMITED, with the whole seconds after which a retry may succeed. */
public final class RateLimited extends Failure {
    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    public RateLimited(String reason, String message, long retryAfterSeconds) {
        super(ErrorCode.RATE_LIMITED, reason, message, Map.of("retryAfterSeconds", Math.max(1, retryAfterSeconds)));
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
