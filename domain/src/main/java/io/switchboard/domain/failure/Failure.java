package io.switchboard.domain.failure;

import java.util.Map;

/**
 * An expected failure: it carries the contract's code, a stable upper-snake reason and optional details,
 * never an HTTP status. Only inbound adapters translate it. Expected failures are control flow, so they
 * skip the stack trace.
 */
public abstract class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String reason;
    private final transient Map<String, Object> details;

    protected Failure(ErrorCode code, String reason, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.details = details == null ? Map.of() : Map.copyOf(details);
    }

    public ErrorCode code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public Map<String, Object> details() {
        return details;
    }
}
