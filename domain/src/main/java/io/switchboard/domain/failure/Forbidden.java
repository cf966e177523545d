package io.switchboard.domain.failure;

/** Code FORBIDDEN: see CONTRACT.md section 1. */
public class Forbidden extends Failure {
    private static final long serialVersionUID = 1L;

    public Forbidden(String reason, String message) {
        super(ErrorCode.FORBIDDEN, reason, message, null);
    }
}
