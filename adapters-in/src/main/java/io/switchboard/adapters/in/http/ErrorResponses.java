package io.switchboard.adapters.in.http;

import io.switchboard.domain.failure.ErrorCode;
import io.switchboard.domain.failure.Failure;

import java.util.LinkedHashMap;
import java.util.Map;

/** The one mapping from the contract's error codes to HTTP statuses and the REST error envelope. */
final class ErrorResponses {
    private ErrorResponses() {
    }

    static int status(ErrorCode code) {
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

    static Map<String, Object> envelope(Failure failure, String timestamp) {
        return envelope(failure.code(), failure.reason(), failure.getMessage(), failure.details(), timestamp);
    }

    static Map<String, Object> envelope(ErrorCode code, String reason, String message, Map<String, Object> details,
                                        String timestamp) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.number());
        error.put("reason", reason);
        error.put("message", message);
        if (details != null && !details.isEmpty()) {
            error.put("details", details);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("error", error);
        body.put("timestamp", timestamp);
        return body;
    }
}
