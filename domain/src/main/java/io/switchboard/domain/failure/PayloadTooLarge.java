package io.switchboard.domain.failure;

/** Code PAYLOAD_TOO_LARGE: see CONTRACT.md section 1. */
public class PayloadTooLarge extends Failure {
    private static final long serialVersionUID = 1L;

    public PayloadTooLarge(String reason, String message) {
        super(ErrorCode.PAYLOAD_TOO_LARGE, reason, message, null);
    }
}
