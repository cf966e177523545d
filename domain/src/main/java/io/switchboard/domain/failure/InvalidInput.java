package io.switchboard.domain.failure;

/** Code INVALID_INPUT: see docs/api.md. */
public class InvalidInput extends Failure {
    private static final long serialVersionUID = 1L;

    public InvalidInput(String reason, String message) {
        super(ErrorCode.INVALID_INPUT, reason, message, null);
    }
}
