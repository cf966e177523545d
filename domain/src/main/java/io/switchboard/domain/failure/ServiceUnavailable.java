package io.switchboard.domain.failure;

/** Code SERVICE_UNAVAILABLE: see docs/api.md. */
public class ServiceUnavailable extends Failure {
    private static final long serialVersionUID = 1L;

    public ServiceUnavailable(String reason, String message) {
        super(ErrorCode.SERVICE_UNAVAILABLE, reason, message, null);
    }
}
