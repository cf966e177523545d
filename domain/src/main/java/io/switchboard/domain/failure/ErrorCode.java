package io.switchboard.domain.failure;

/** The contract's numeric error codes (docs/api.md). Adapters map them to HTTP statuses and frames. */
public enum ErrorCode {
    INVALID_INPUT(1),
    VALIDATION_ERROR(2),
    NOT_FOUND(3),
    UNAUTHORIZED(4),
    FORBIDDEN(5),
    CONFLICT(6),
    RATE_LIMITED(7),
    PAYLOAD_TOO_LARGE(8),
    INTERNAL_ERROR(50),
    SERVICE_UNAVAILABLE(55);

    private final int number;

    ErrorCode(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }
}
