package io.switchboard.adapters.in.http;

import io.switchboard.domain.failure.ErrorCode;


/** The one mapping from the contract's error codes to HTTP statuses (REST answers and refused WebSocket upgrades). */
public final class ErrorResponses {
    private ErrorResponses() {
    }

    public static int status(ErrorCode code) {
        return switch (code) {
            case INVALID_INPUT, VALIDATION_ERROR -> 400;
            case NOT_FOUND -> 404;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case CONFLICT -> 409;
            case RATE_LIMITED -> 429;
            case PAYLOAD_TOO_LARGE -> 413;
            case INTERNAL_ERROR -> 500;
            case SERVICE_UNAVAILABLE -> 503;
        };
    }
}
