package io.switchboard.domain.failure;

/** Code PAYLOAD_TOO_LARGE: see docs/api.md. */
public class PayloadTooLarge extends Failure {
    private static final long serialVersionUID = 1L;

    public PayloadTooLarge(String reason, String message) {
        super(ErrorCode.PAYLOAD_TOO_LARGE, reason, message, null);
    }
}
