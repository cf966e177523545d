package io.switchboard.domain.failure;

/** Code FORBIDDEN: see docs/api.md. */
public class Forbidden extends Failure {
    private static final long serialVersionUID = 1L;

    public Forbidden(String reason, String message) {
        super(ErrorCode.FORBIDDEN, reason, message, null);
    }
}
