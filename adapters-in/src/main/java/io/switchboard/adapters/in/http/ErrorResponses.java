package io.switchboard.adapters.in.http;

import io.switchboard.domain.failure.ErrorCode;

/**
 * The one mapping from the contract's error codes to HTTP statuses (docs/api.md, "Errors"). Every error answer
 * takes its status from here: REST failures ({@link ApiHandler}), refused WebSocket upgrades
 * ({@code adapters.in.ws.UpgradeRefusal}), and the errors Jetty raises itself ({@link JsonErrorHandler}, through
 * {@link #codeFor(int)}, the same table read backwards). The only statuses that are not an error code's are the
 * two of {@link ProtocolRefusal}.
 */
public final class ErrorResponses {
    private ErrorResponses() {
    }

    /** The HTTP status of an error code: the table of docs/api.md. */
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

    /**
     * The code for a status Jetty chose on its own (a malformed request, headers too large...): the first code
     * whose {@link #status} it is; any other 4xx is the client's fault (INVALID_INPUT), anything else
     * INTERNAL_ERROR.
     */
    public static ErrorCode codeFor(int status) {
        for (ErrorCode code : ErrorCode.values()) {
            if (status(code) == status) {
                return code;
            }
        }
        return status >= 400 && status < 500 ? ErrorCode.INVALID_INPUT : ErrorCode.INTERNAL_ERROR;
    }

    /**
     * Refusals that HTTP itself names with a status no error code has; their body carries code 1 INVALID_INPUT
     * and the reason below.
     */
    public enum ProtocolRefusal {
        /** A known path asked with another method; the answer lists the methods in {@code Allow}. */
        METHOD_NOT_ALLOWED(405),
        /** A request body that stalled or took too long to arrive. */
        BODY_TIMEOUT(408);

        private final int status;

        ProtocolRefusal(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }

        public ErrorCode code() {
            return ErrorCode.INVALID_INPUT;
        }

        /** The reason of the error body: the constant's name. */
        public String reason() {
            return name();
        }
    }
}
