package io.switchboard.domain.failure;

import java.util.Map;

/** Code CONFLICT: a duplicate, a version conflict or an invalid state transition. */
public class Conflict extends Failure {
    private static final long serialVersionUID = 1L;

    public Conflict(String reason, String message) {
        this(reason, message, null);
    }

    public Conflict(String reason, String message, Map<String, Object> details) {
        super(ErrorCode.CONFLICT, reason, message, details);
    }
}
