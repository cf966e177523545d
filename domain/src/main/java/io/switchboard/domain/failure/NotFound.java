package io.switchboard.domain.failure;

/** Code NOT_FOUND: see docs/api.md. */
public class NotFound extends Failure {
    private static final long serialVersionUID = 1L;

    public NotFound(String reason, String message) {
        super(ErrorCode.NOT_FOUND, reason, message, null);
    }
}
