package io.switchboard.domain.failure;

/** Code UNAUTHORIZED: see docs/api.md. */
public class Unauthorized extends Failure {
    private static final long serialVersionUID = 1L;

    public Unauthorized(String reason, String message) {
        super(ErrorCode.UNAUTHORIZED, reason, message, null);
    }
}
